import { zoneOffsets } from './zoneOffsets.js'

export const INTERVIEW_KINDS = [
  'phone_screen',
  'technical',
  'panel',
  'onsite',
  'hr_culture',
  'other',
] as const
export type InterviewKind = (typeof INTERVIEW_KINDS)[number]
export const KIND_LABELS: Record<InterviewKind, string> = {
  phone_screen: 'Phone screen',
  technical: 'Technical',
  panel: 'Panel',
  onsite: 'Onsite',
  hr_culture: 'HR / culture',
  other: 'Other',
}

export const OUTCOMES = ['pending', 'offer', 'rejected', 'withdrawn', 'no_answer'] as const
export type Outcome = (typeof OUTCOMES)[number]
export const OUTCOME_LABELS: Record<Outcome, string> = {
  pending: 'Pending',
  offer: 'Offer',
  rejected: 'Rejected',
  withdrawn: 'Withdrawn',
  no_answer: 'No answer',
}

export const FOLLOW_UP_STATES = ['open', 'done', 'not_needed'] as const
export type FollowUpState = (typeof FOLLOW_UP_STATES)[number]

export const CONFIDENCES = ['missed', 'shaky', 'nailed'] as const
export type Confidence = (typeof CONFIDENCES)[number]

export type InterviewStatus = 'scheduled' | 'awaiting_follow_up' | 'followed_up' | 'closed'
export const STATUS_LABELS: Record<InterviewStatus, string> = {
  scheduled: 'Scheduled',
  awaiting_follow_up: 'Awaiting follow-up',
  followed_up: 'Followed up',
  closed: 'Closed',
}

export const FOLLOW_UP_WINDOW_MS = 24 * 60 * 60 * 1000
export const MAX_DURATION_MS = 12 * 60 * 60 * 1000

/** Absolute: 24 elapsed hours after the end, whatever the wall clocks do in between. */
export function followUpDeadline(endsAt: number): number {
  return endsAt + FOLLOW_UP_WINDOW_MS
}

const CLOSING_OUTCOMES: ReadonlySet<Outcome> = new Set(['offer', 'rejected', 'withdrawn'])

/** An offer, a rejection or a withdrawal ends the process: nothing is owed after it. */
export const isClosingOutcome = (outcome: Outcome): boolean => CLOSING_OUTCOMES.has(outcome)

/**
 * The one rule for "a follow-up is still owed": not yet marked done or not needed, and the
 * process not closed. Reminders are planned and calendar deadlines shown only while it holds;
 * the SQL of src/db/interviewSql.ts spells the same rule as the partial indexes need it.
 */
export function followUpOwed(interview: { followUpState: FollowUpState; outcome: Outcome }): boolean {
  return interview.followUpState === 'open' && !CLOSING_OUTCOMES.has(interview.outcome)
}

export function interviewStatus(
  interview: { endsAt: number; outcome: Outcome; followUpState: FollowUpState },
  now: number,
): InterviewStatus {
  if (CLOSING_OUTCOMES.has(interview.outcome)) return 'closed'
  if (now < interview.endsAt) return 'scheduled'
  if (interview.followUpState !== 'open') return 'followed_up'
  return 'awaiting_follow_up'
}

export type LocalTimeResult = { ok: true; value: number } | { ok: false; reason: 'invalid' | 'nonexistent' }

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/

/**
 * A wall-clock time in a zone → UTC ms. DST policy: a time in the spring-forward gap does
 * not exist and is rejected; a fall-back time that happens twice takes the earlier instant.
 * Independent of the process TZ: only the named zone's offsets are consulted.
 */
export function localToInstant(local: string, timeZone: string): LocalTimeResult {
  const m = LOCAL_PATTERN.exec(local)
  const zone = zoneOffsets(timeZone)
  if (!m || !zone.valid) return { ok: false, reason: 'invalid' }
  const [year, month, day, hour, minute, second] = m.slice(1).map((part) => Number(part ?? 0)) as number[]
  const wall = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!)
  const back = new Date(wall)
  if (
    back.getUTCFullYear() !== year ||
    back.getUTCMonth() !== month! - 1 ||
    back.getUTCDate() !== day ||
    hour! > 23 ||
    minute! > 59 ||
    second! > 59
  ) {
    return { ok: false, reason: 'invalid' }
  }
  // Any transition near this wall time has the offsets in force a day and a half either side.
  const offsets = new Set([
    zone.offset(wall - 36 * 3600_000),
    zone.offset(wall),
    zone.offset(wall + 36 * 3600_000),
  ])
  const candidates = [...offsets]
    .map((offset) => wall - offset * 60_000)
    .filter((instant) => instant + zone.offset(instant) * 60_000 === wall)
  if (candidates.length === 0) return { ok: false, reason: 'nonexistent' }
  return { ok: true, value: Math.min(...candidates) }
}

/** Instant → "YYYY-MM-DDTHH:mm" wall-clock in the zone, the value of an <input type="datetime-local">. */
export function instantToLocal(instant: number, timeZone: string): string {
  const zone = zoneOffsets(timeZone)
  const wall = new Date(instant + zone.offset(instant) * 60_000)
  return wall.toISOString().slice(0, 16)
}

const OFFSET_PATTERN = /(Z|[+-]\d{2}:?\d{2})$/i

/** API input: ISO-8601 with an offset is absolute; without one it is a wall-clock time in `timeZone`. */
export function parseDateTimeInput(value: string, timeZone: string): LocalTimeResult {
  if (OFFSET_PATTERN.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const ms = Date.parse(value)
    return Number.isNaN(ms) ? { ok: false, reason: 'invalid' } : { ok: true, value: ms }
  }
  return localToInstant(value, timeZone)
}
