import { type FollowUpState, followUpDeadline, followUpOwed, type Outcome } from './interview.js'
import { type ZoneOffsets, zoneOffsets } from './zoneOffsets.js'

export const REMINDER_KINDS = ['research', 'deadline', 'overdue'] as const
export type ReminderKind = (typeof REMINDER_KINDS)[number]

export const REMINDER_STATES = ['pending', 'sending', 'sent', 'failed', 'skipped', 'cancelled'] as const
export type ReminderState = (typeof REMINDER_STATES)[number]

export interface PlannedReminder {
  kind: ReminderKind
  /** Minutes before the deadline for `deadline` reminders, 0 for the other kinds. */
  lead: number
  /** UTC epoch ms. */
  dueAt: number
}

/** Wall-clock minutes after midnight in the user's zone; start > end spans midnight. */
export interface QuietHours {
  start: number
  end: number
}

export interface ReminderPrefs {
  /** The user's IANA zone: quiet hours are wall-clock times there. */
  timeZone: string
  /** Minutes before the deadline, one `deadline` reminder each. */
  leads: readonly number[]
  researchEnabled: boolean
  overdueEnabled: boolean
  quietHours: QuietHours | null
}

export interface PlanInterview {
  endsAt: number
  followUpState: FollowUpState
  outcome: Outcome
}

const MINUTE = 60_000
const DAY_MINUTES = 24 * 60

export const DEFAULT_LEADS: readonly number[] = [240]
export const DEFAULT_QUIET_HOURS: QuietHours = { start: 22 * 60, end: 7 * 60 }
export const RESEARCH_DELAY_MINUTES = 60
/** Longest lead a user can choose: a reminder must come after the interview ends. */
export const MAX_LEAD_MINUTES = 23 * 60
export const MIN_LEAD_MINUTES = 5
export const MAX_LEADS = 6
/**
 * An overdue notice is still planned this long after the deadline, so an interview logged a
 * little late still gets one, while interviews entered weeks afterwards do not trigger mail.
 */
export const OVERDUE_GRACE_MS = 24 * 60 * MINUTE

export function defaultPrefs(timeZone: string): ReminderPrefs {
  return {
    timeZone,
    leads: DEFAULT_LEADS,
    researchEnabled: true,
    overdueEnabled: true,
    quietHours: DEFAULT_QUIET_HOURS,
  }
}

/** Reminders make sense only while a follow-up is still owed. */
export function wantsReminders(interview: Pick<PlanInterview, 'followUpState' | 'outcome'>): boolean {
  return followUpOwed(interview)
}

function zoneOf(name: string): ZoneOffsets {
  const zone = zoneOffsets(name)
  // Zones are validated on input; a zone that vanished from the runtime's database must not stop reminders.
  return zone.valid ? zone : zoneOffsets('UTC')
}

function minuteOfDay(instant: number, zone: ZoneOffsets): number {
  const local = instant + zone.offset(instant) * MINUTE
  return Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / MINUTE)
}

export function isQuiet(instant: number, timeZone: string, quiet: QuietHours | null): boolean {
  return quietAt(instant, zoneOf(timeZone), quiet)
}

function quietAt(instant: number, zone: ZoneOffsets, quiet: QuietHours | null): boolean {
  if (!quiet || quiet.start === quiet.end) return false
  const m = minuteOfDay(instant, zone)
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end
}

const mod = (a: number, n: number) => ((a % n) + n) % n

/**
 * The first whole minute in (from, to] whose UTC offset differs from the offset at `from`, or
 * undefined when the offset is the same at both ends. A jump is shorter than a day, and zones
 * change their offset at most twice a year, so one change at most lies inside it.
 */
function offsetChangeIn(from: number, to: number, zone: ZoneOffsets): number | undefined {
  const before = zone.offset(from)
  if (zone.offset(to) === before) return undefined
  let lo = from
  let hi = to
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / MINUTE / 2) * MINUTE
    if (zone.offset(mid) === before) lo = mid
    else hi = mid
  }
  return hi
}

/**
 * The start of the last waking minute before the quiet period that contains `instant`
 * ("just before quiet hours start": 21:59 for quiet hours from 22:00). Jumps by wall-clock
 * arithmetic, stopping at a DST change inside the jump (the wall clock is continuous only
 * between changes, and a repeated hour can hold waking minutes), so it is exact in every zone.
 */
function lastWakingMinuteBefore(instant: number, zone: ZoneOffsets, quiet: QuietHours): number {
  let r = Math.floor(instant / MINUTE) * MINUTE
  for (let guard = 0; guard < 8 && quietAt(r, zone, quiet); guard++) {
    const target = r - (mod(minuteOfDay(r, zone) - quiet.start, DAY_MINUTES) + 1) * MINUTE
    // Going back, the change is the first minute of r's offset: step to the minute before it.
    const change = offsetChangeIn(target, r, zone)
    r = change === undefined ? target : change - MINUTE
  }
  // A spring-forward gap inside the jump overshoots by the length of the gap.
  while (r + MINUTE < instant && !quietAt(r + MINUTE, zone, quiet)) r += MINUTE
  return r
}

/** The first waking minute at or after `instant` (the end of its quiet period). */
function firstWakingMinuteAfter(instant: number, zone: ZoneOffsets, quiet: QuietHours): number {
  let r = Math.ceil(instant / MINUTE) * MINUTE
  for (let guard = 0; guard < 8 && quietAt(r, zone, quiet); guard++) {
    const target = r + (mod(quiet.end - minuteOfDay(r, zone), DAY_MINUTES) * MINUTE || MINUTE)
    r = offsetChangeIn(r, target, zone) ?? target
  }
  while (r - MINUTE > instant && !quietAt(r - MINUTE, zone, quiet)) r -= MINUTE
  return r
}

/**
 * Moves a reminder that falls in quiet hours to the last waking minute before them. If that
 * would be before the interview even ended, it goes to the first waking minute after them
 * instead, provided that is still before the deadline; otherwise it stays where it was,
 * because a reminder at night beats a missed deadline.
 */
function awake(
  nominal: number,
  earliest: number,
  deadline: number,
  zone: ZoneOffsets,
  quiet: QuietHours | null,
) {
  if (!quiet || !quietAt(nominal, zone, quiet)) return nominal
  const before = lastWakingMinuteBefore(nominal, zone, quiet)
  if (before >= earliest) return before
  const after = firstWakingMinuteAfter(nominal, zone, quiet)
  return after < deadline ? after : nominal
}

/**
 * The overdue notice waits for the end of quiet hours, but never a whole day: when quiet
 * hours leave only a sliver of waking time and a spring-forward gap swallows it, the next
 * waking minute is a day or more away, and a notice at night beats one a day late.
 */
function overdueAt(deadline: number, zone: ZoneOffsets, quiet: QuietHours | null): number {
  if (!quiet || !quietAt(deadline, zone, quiet)) return deadline
  const after = firstWakingMinuteAfter(deadline, zone, quiet)
  return after - deadline < DAY_MINUTES * MINUTE ? after : deadline
}

/**
 * Every reminder the interview implies under these preferences, whether or not its moment
 * has passed. Quiet hours move `research` and `deadline` reminders earlier (see `awake`),
 * never past the deadline; the `overdue` notice, which by definition comes at or after the
 * deadline, waits for the end of quiet hours instead. Leads that land on the same minute
 * after moving are merged into the longest one, so two mails never arrive together.
 */
export function planAllReminders(interview: PlanInterview, prefs: ReminderPrefs): PlannedReminder[] {
  if (!wantsReminders(interview)) return []
  const zone = zoneOf(prefs.timeZone)
  const quiet = prefs.quietHours && prefs.quietHours.start !== prefs.quietHours.end ? prefs.quietHours : null
  const endsAt = interview.endsAt
  const deadline = followUpDeadline(endsAt)
  const plan: PlannedReminder[] = []

  if (prefs.researchEnabled) {
    const nominal = endsAt + RESEARCH_DELAY_MINUTES * MINUTE
    plan.push({ kind: 'research', lead: 0, dueAt: awake(nominal, endsAt, deadline, zone, quiet) })
  }

  const leads = [...new Set(prefs.leads)]
    .filter((lead) => Number.isInteger(lead) && lead > 0 && deadline - lead * MINUTE >= endsAt)
    .sort((a, b) => b - a)
  const taken = new Set<number>()
  for (const lead of leads) {
    const dueAt = awake(deadline - lead * MINUTE, endsAt, deadline, zone, quiet)
    if (taken.has(dueAt)) continue
    taken.add(dueAt)
    plan.push({ kind: 'deadline', lead, dueAt })
  }

  if (prefs.overdueEnabled) {
    plan.push({ kind: 'overdue', lead: 0, dueAt: overdueAt(deadline, zone, quiet) })
  }
  return plan
}

/** Whether a planned reminder may still be created at `now`: its moment has not passed (overdue: within the grace period). */
export function isStillPlannable(reminder: PlannedReminder, now: number): boolean {
  return reminder.kind === 'overdue' ? now < reminder.dueAt + OVERDUE_GRACE_MS : reminder.dueAt >= now
}

/**
 * The reminders to create for an interview at `now`: everything `planAllReminders` gives
 * except those whose moment has already passed (an overdue notice is kept within
 * OVERDUE_GRACE_MS after its moment). Due times are UTC ms and do not depend on the
 * process time zone: only the user's zone is consulted, through its own offsets.
 */
export function planReminders(
  interview: PlanInterview,
  prefs: ReminderPrefs,
  now: number,
): PlannedReminder[] {
  return planAllReminders(interview, prefs).filter((reminder) => isStillPlannable(reminder, now))
}

/** Whether a reminder of this kind still has a purpose at `now`: only the overdue notice outlives the deadline. */
export function isObsolete(kind: ReminderKind, deadline: number, now: number): boolean {
  return kind !== 'overdue' && now >= deadline
}

export const BACKOFF_CAP_MINUTES = 30

/** Delay before retrying after the `attempts`-th attempt failed temporarily: 1, 2, 4 … minutes, at most 30. */
export function retryDelayMs(attempts: number): number {
  const exponent = Math.min(Math.max(attempts, 1) - 1, 10)
  return Math.min(2 ** exponent, BACKOFF_CAP_MINUTES) * MINUTE
}

/** How long temporary failures are retried after the due time before the reminder is reported as failed. */
export const GIVE_UP_AFTER_MS = 48 * 60 * MINUTE

/** "4 h", "3 h 30 min", "45 min": rounded so that a reminder sent a minute late still reads as its lead. */
export function formatTimeLeft(ms: number): string {
  let minutes = Math.max(0, Math.round(ms / MINUTE))
  if (minutes >= 120) minutes = Math.round(minutes / 15) * 15
  else if (minutes >= 30) minutes = Math.round(minutes / 5) * 5
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  if (hours === 0) return `${rest} min`
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`
}

export function formatLead(lead: number): string {
  return formatTimeLeft(lead * MINUTE)
}

export function reminderLabel(kind: ReminderKind, lead: number): string {
  switch (kind) {
    case 'research':
      return 'Research nudge'
    case 'deadline':
      return `${formatLead(lead)} before the deadline`
    case 'overdue':
      return 'Overdue notice'
  }
}

export function reminderSubject(
  kind: ReminderKind,
  interview: { company: string; role: string },
  msLeft: number,
): string {
  switch (kind) {
    case 'research':
      return `Research the questions you missed at ${interview.company}`
    case 'deadline':
      return `${formatTimeLeft(msLeft)} left to follow up with ${interview.company} (${interview.role})`
    case 'overdue':
      return `Follow-up with ${interview.company} is overdue`
  }
}

/** "HH:MM" → minutes after midnight, or undefined. */
export function parseClockTime(value: string): number | undefined {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value)
  return m ? Number(m[1]) * 60 + Number(m[2]) : undefined
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
}
