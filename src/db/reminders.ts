import { randomBytes } from 'node:crypto'
import { FOLLOW_UP_WINDOW_MS, type FollowUpState, type Outcome } from '../domain/interview.js'
import {
  DEFAULT_LEADS,
  DEFAULT_QUIET_HOURS,
  isStillPlannable,
  planAllReminders,
  type QuietHours,
  type ReminderKind,
  type ReminderPrefs,
  type ReminderState,
  reminderLabel,
} from '../domain/reminderPlan.js'
import type { Db } from './connection.js'
import type { InterviewRow } from './rows.js'

export interface ReminderView {
  id: number
  kind: string
  lead: number
  dueAt: number
  state: string
  attempts: number
  lastError: string | null
  sentAt: number | null
  nextAttemptAt: number
  messageId: string | null
  /** "Research nudge", "4 h before the deadline", "Overdue notice". */
  label: string
  /** How each channel fared: e-mail (this row) first, then push and webhook deliveries. */
  channels: ChannelState[]
}

/** One channel's delivery of a reminder. */
export interface ChannelState {
  channel: 'email' | 'push' | 'webhook'
  /** The reminder_deliveries row; null for e-mail, which is the reminder row itself. */
  deliveryId: number | null
  /** "E-mail", the browser's name, "Webhook". */
  label: string
  state: string
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  sentAt: number | null
}

/** A reminder with the interview it belongs to, for lists across interviews. */
export interface UserReminderView extends ReminderView {
  interviewId: number
  company: string
  role: string
}

export interface ReminderSettings {
  /** Minutes before the deadline, longest first. */
  leads: number[]
  researchEnabled: boolean
  overdueEnabled: boolean
  quietHours: QuietHours | null
  /** null: the account's e-mail address. */
  email: string | null
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  leads: [...DEFAULT_LEADS],
  researchEnabled: true,
  overdueEnabled: true,
  quietHours: { ...DEFAULT_QUIET_HOURS },
  email: null,
}

/** A row the dispatcher has claimed: it may send it until leaseUntil, fenced by `attempts`. */
export interface ClaimedReminder {
  id: number
  userId: number
  interviewId: number
  kind: ReminderKind
  lead: number
  dueAt: number
  attempts: number
  leaseUntil: number
}

/** Everything a reminder e-mail says, read at send time so it reflects the latest state. */
export interface ReminderContext {
  interview: {
    id: number
    company: string
    role: string
    endsAt: number
    timeZone: string
    followUpState: FollowUpState
    outcome: Outcome
  }
  user: { id: number; name: string; email: string; timeZone: string }
  /** The one address reminders go to. */
  address: string
  /** Missed or shaky questions not researched yet. */
  questions: { id: number; text: string; confidence: string }[]
  /** Interviewers not thanked yet; email is '' when none is known. */
  interviewers: { id: number; name: string; title: string; email: string }[]
}

export interface ReminderRow {
  id: number
  user_id: number
  interview_id: number
  kind: ReminderKind
  lead: number
  due_at: number
  state: ReminderState
  attempts: number
  next_attempt_at: number
  lease_until: number | null
  last_error: string | null
  message_id: string | null
  sent_at: number | null
  company?: string
  role?: string
}

interface SettingsRow {
  leads: string
  research_enabled: number
  overdue_enabled: number
  quiet_start: number | null
  quiet_end: number | null
  email: string | null
}

const VIEW_COLUMNS =
  'r.id, r.user_id, r.interview_id, r.kind, r.lead, r.due_at, r.state, r.attempts, r.next_attempt_at, r.lease_until, r.last_error, r.message_id, r.sent_at'

const KIND_ORDER = "CASE r.kind WHEN 'research' THEN 0 WHEN 'deadline' THEN 1 ELSE 2 END"

function toView(row: ReminderRow): ReminderView {
  const email: ChannelState = {
    channel: 'email',
    deliveryId: null,
    label: 'E-mail',
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  }
  return {
    channels: [email],
    id: row.id,
    kind: row.kind,
    lead: row.lead,
    dueAt: row.due_at,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
    messageId: row.message_id,
    label: reminderLabel(row.kind, row.lead),
  }
}

function toSettings(row: SettingsRow | undefined): ReminderSettings {
  if (!row) return { ...DEFAULT_REMINDER_SETTINGS, leads: [...DEFAULT_REMINDER_SETTINGS.leads] }
  let leads: number[] = []
  try {
    const parsed: unknown = JSON.parse(row.leads)
    if (Array.isArray(parsed)) leads = parsed.filter((n): n is number => Number.isInteger(n) && n > 0)
  } catch {
    // A damaged value means no lead reminders rather than a crash in every interview save.
  }
  return {
    leads: leads.sort((a, b) => b - a),
    researchEnabled: row.research_enabled === 1,
    overdueEnabled: row.overdue_enabled === 1,
    quietHours:
      row.quiet_start === null || row.quiet_end === null
        ? null
        : { start: row.quiet_start, end: row.quiet_end },
    email: row.email,
  }
}

export function prefsFromSettings(settings: ReminderSettings, timeZone: string): ReminderPrefs {
  return {
    timeZone,
    leads: settings.leads,
    researchEnabled: settings.researchEnabled,
    overdueEnabled: settings.overdueEnabled,
    quietHours: settings.quietHours,
  }
}

/** The rows one claim takes: a range scan of the partial index reminders_claimable. */
export const CLAIM_CANDIDATES_SQL = `SELECT id FROM reminders
       WHERE state = 'pending' AND next_attempt_at <= @now AND due_at <= @now
       ORDER BY next_attempt_at LIMIT @limit`

/** One interview's rows, for the re-plan and the interview page: a search of reminders_by_interview. */
export const REMINDER_SQL = {
  rowsForInterview:
    'SELECT id, kind, lead, due_at, state FROM reminders WHERE interview_id = ? AND user_id = ?',
  listForInterview: `SELECT ${VIEW_COLUMNS} FROM reminders r WHERE r.interview_id = ? AND r.user_id = ?
     ORDER BY r.due_at, ${KIND_ORDER}, r.lead DESC`,
  claimDue: `UPDATE reminders SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
     WHERE state = 'pending' AND id IN (${CLAIM_CANDIDATES_SQL})
     RETURNING id, user_id, interview_id, kind, lead, due_at, attempts, lease_until`,
} as const

/** 128 random bits: unique across deletions, restores and installations sharing a mail host. */
const newMessageKey = () => randomBytes(16).toString('hex')

const MAX_ERROR_LENGTH = 500
const clip = (text: string) =>
  text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text

/**
 * Reminder rows for interviews. The interviews repository calls syncForInterview inside
 * the same transaction as every change to an interview's times or follow-up state, so the
 * durable schedule can never disagree with the interview it belongs to.
 *
 * State machine: pending → sending (claimed, leased) → sent | pending (temporary failure,
 * backoff) | failed (permanent) | skipped (too late to help) | cancelled (no longer wanted).
 * Every transition out of `sending` is fenced on the claim's attempt number, so a process
 * whose lease expired can no longer overwrite the outcome of the claim that replaced it.
 */
export function remindersRepository(db: Db) {
  // --- planning -----------------------------------------------------------------------
  const interviewForSync = db.prepare(
    `SELECT i.id, i.user_id, i.ends_at, i.follow_up_state, i.outcome, u.time_zone
     FROM interviews i JOIN users u ON u.id = i.user_id WHERE i.id = ?`,
  )
  const rowsForInterview = db.prepare(REMINDER_SQL.rowsForInterview)
  const insert = db.prepare(
    `INSERT INTO reminders (user_id, interview_id, kind, lead, due_at, next_attempt_at, state, message_key, created_at, updated_at)
     VALUES (@userId, @interviewId, @kind, @lead, @dueAt, @dueAt, 'pending', @messageKey, @now, @now)`,
  )
  // Also revives cancelled and skipped rows whose reminder is wanted again.
  const retime = db.prepare(
    `UPDATE reminders SET state = 'pending', due_at = @dueAt, next_attempt_at = @dueAt, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state IN ('pending', 'cancelled', 'skipped')`,
  )
  const cancel = db.prepare(
    `UPDATE reminders SET state = 'cancelled', lease_until = NULL, updated_at = ?
     WHERE id = ? AND state IN ('pending', 'failed')`,
  )
  const interviewsToResync = db
    .prepare(
      `SELECT id FROM interviews WHERE user_id = @userId AND follow_up_state = 'open' AND ends_at > @since
     UNION SELECT interview_id FROM reminders WHERE user_id = @userId AND state IN ('pending', 'failed', 'cancelled', 'skipped')
       AND due_at > @since`,
    )
    .pluck()

  // --- settings -----------------------------------------------------------------------
  const settingsRow = db.prepare(
    'SELECT leads, research_enabled, overdue_enabled, quiet_start, quiet_end, email FROM reminder_settings WHERE user_id = ?',
  )
  const upsertSettings = db.prepare(
    `INSERT INTO reminder_settings (user_id, leads, research_enabled, overdue_enabled, quiet_start, quiet_end, email, updated_at)
     VALUES (@userId, @leads, @researchEnabled, @overdueEnabled, @quietStart, @quietEnd, @email, @now)
     ON CONFLICT (user_id) DO UPDATE SET leads = excluded.leads, research_enabled = excluded.research_enabled,
       overdue_enabled = excluded.overdue_enabled, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
       email = excluded.email, updated_at = excluded.updated_at`,
  )

  // --- reading ------------------------------------------------------------------------
  const listForInterview = db.prepare(REMINDER_SQL.listForInterview)
  const listForUser = db.prepare(
    `SELECT ${VIEW_COLUMNS}, i.company, i.role FROM reminders r JOIN interviews i ON i.id = r.interview_id
     WHERE r.user_id = @userId AND (r.state IN ('pending', 'sending', 'failed') OR r.updated_at >= @since)
     ORDER BY CASE r.state WHEN 'failed' THEN 0 ELSE 1 END, r.due_at DESC, r.id DESC LIMIT @limit`,
  )
  const channelRows = db.prepare(
    `SELECT d.id, d.reminder_id, d.channel, d.state, d.attempts, d.next_attempt_at, d.last_error, d.sent_at, s.name
     FROM reminder_deliveries d
     LEFT JOIN push_subscriptions s ON d.channel = 'push' AND s.id = CAST(d.target AS INTEGER)
     WHERE d.user_id = ? AND d.reminder_id IN (SELECT value FROM json_each(?))
     ORDER BY d.reminder_id, d.channel, d.id`,
  )
  /** Adds the push and webhook deliveries to the e-mail channel of each view. */
  const withChannels = <T extends ReminderView>(userId: number, views: T[]): T[] => {
    if (views.length === 0) return views
    const byId = new Map(views.map((v) => [v.id, v]))
    const rows = channelRows.all(userId, JSON.stringify(views.map((v) => v.id))) as {
      id: number
      reminder_id: number
      channel: 'push' | 'webhook'
      state: string
      attempts: number
      next_attempt_at: number
      last_error: string | null
      sent_at: number | null
      name: string | null
    }[]
    for (const row of rows)
      byId.get(row.reminder_id)?.channels.push({
        channel: row.channel,
        deliveryId: row.id,
        label: row.channel === 'webhook' ? 'Webhook' : (row.name ?? 'Removed browser'),
        state: row.state,
        attempts: row.attempts,
        nextAttemptAt: row.next_attempt_at,
        lastError: row.last_error,
        sentAt: row.sent_at,
      })
    return views
  }
  const interviewOwned = db.prepare('SELECT 1 FROM interviews WHERE id = ? AND user_id = ?').pluck()
  const retryFailed = db.prepare(
    `UPDATE reminders SET state = 'pending', next_attempt_at = max(due_at, @now), lease_until = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'failed' RETURNING interview_id`,
  )

  // --- dispatching --------------------------------------------------------------------
  const reclaimExpired = db.prepare(
    `UPDATE reminders SET state = 'pending', lease_until = NULL, next_attempt_at = max(due_at, @now), updated_at = @now,
       last_error = 'The previous attempt was interrupted before its outcome was recorded; sending again.'
     WHERE state = 'sending' AND lease_until <= @now`,
  )
  // Deadline and research reminders that can no longer arrive before the deadline: the overdue notice replaces them.
  const skipObsolete = db.prepare(
    `UPDATE reminders SET state = 'skipped', updated_at = @now,
       last_error = 'Not sent: the follow-up deadline passed before it could go out.'
     WHERE state = 'pending' AND next_attempt_at <= @now AND kind IN ('research', 'deadline')
       AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = reminders.interview_id AND i.ends_at + @window <= @now)`,
  )
  const claimDue = db.prepare(REMINDER_SQL.claimDue)
  const markSent = db.prepare(
    `UPDATE reminders SET state = 'sent', sent_at = @now, message_id = @messageId, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markRetry = db.prepare(
    `UPDATE reminders SET state = 'pending', next_attempt_at = max(due_at, @nextAttemptAt), lease_until = NULL,
       last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markFinal = db.prepare(
    `UPDATE reminders SET state = @state, lease_until = NULL, last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const nextPending = db.prepare("SELECT min(next_attempt_at) FROM reminders WHERE state = 'pending'").pluck()
  const nextLease = db.prepare("SELECT min(lease_until) FROM reminders WHERE state = 'sending'").pluck()
  // Two terms so that each reads only its partial index, however much sent history accumulates.
  const overdueUnsent = db
    .prepare(
      `SELECT (SELECT count(*) FROM reminders WHERE state = 'pending' AND due_at <= @before)
            + (SELECT count(*) FROM reminders WHERE state = 'sending' AND due_at <= @before)`,
    )
    .pluck()

  // --- message identity ---------------------------------------------------------------
  const messageKeyOf = db.prepare('SELECT message_key FROM reminders WHERE id = ?').pluck()
  const renewMessageKey = db.prepare(
    `UPDATE reminders SET message_key = @messageKey WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )

  // --- content ------------------------------------------------------------------------
  const contextInterview = db.prepare(
    `SELECT id, company, role, ends_at, time_zone, follow_up_state, outcome FROM interviews WHERE id = ? AND user_id = ?`,
  )
  const contextUser = db.prepare('SELECT id, name, email, time_zone FROM users WHERE id = ?')
  const contextQuestions = db.prepare(
    `SELECT id, text, confidence FROM questions
     WHERE interview_id = ? AND user_id = ? AND confidence IN ('missed', 'shaky') AND researched = 0
     ORDER BY CASE confidence WHEN 'missed' THEN 0 ELSE 1 END, id LIMIT 50`,
  )
  const contextInterviewers = db.prepare(
    `SELECT id, name, title, email FROM interviewers WHERE interview_id = ? AND user_id = ? AND thank_you_sent_at IS NULL ORDER BY id`,
  )

  const settingsFor = (userId: number) => toSettings(settingsRow.get(userId) as SettingsRow | undefined)

  const syncForInterview = db.transaction((interviewId: number, now: number): void => {
    const interview = interviewForSync.get(interviewId) as
      | {
          id: number
          user_id: number
          ends_at: number
          follow_up_state: FollowUpState
          outcome: Outcome
          time_zone: string
        }
      | undefined
    // A deleted interview took its reminders with it (ON DELETE CASCADE).
    if (!interview) return
    const prefs = prefsFromSettings(settingsFor(interview.user_id), interview.time_zone)
    const planned = planAllReminders(
      { endsAt: interview.ends_at, followUpState: interview.follow_up_state, outcome: interview.outcome },
      prefs,
    )
    const existing = rowsForInterview.all(interviewId, interview.user_id) as Pick<
      ReminderRow,
      'id' | 'kind' | 'lead' | 'due_at' | 'state'
    >[]
    const key = (kind: string, lead: number) => `${kind}:${lead}`
    const byKey = new Map(existing.map((row) => [key(row.kind, row.lead), row]))
    const wanted = new Set<string>()
    for (const reminder of planned) {
      const k = key(reminder.kind, reminder.lead)
      wanted.add(k)
      const row = byKey.get(k)
      const plannable = isStillPlannable(reminder, now)
      if (!row) {
        if (plannable)
          insert.run({
            userId: interview.user_id,
            interviewId,
            kind: reminder.kind,
            lead: reminder.lead,
            dueAt: reminder.dueAt,
            messageKey: newMessageKey(),
            now,
          })
      } else if (row.state === 'pending') {
        // Unchanged rows stay even when their moment has passed: that is a catch-up after downtime.
        if (row.due_at === reminder.dueAt) continue
        if (plannable) retime.run({ id: row.id, dueAt: reminder.dueAt, now })
        else cancel.run(now, row.id)
      } else if ((row.state === 'cancelled' || row.state === 'skipped') && plannable) {
        retime.run({ id: row.id, dueAt: reminder.dueAt, now })
      }
      // sent and sending rows are history or in flight: never touched; failed rows wait for a retry.
    }
    for (const row of existing) {
      if (!wanted.has(key(row.kind, row.lead))) cancel.run(now, row.id)
    }
  })

  return {
    syncForInterview(interviewId: number, now: number): void {
      syncForInterview(interviewId, now)
    },

    /** Re-plans every interview of the user that can still have reminders (after a settings or time-zone change). */
    syncForUser: db.transaction((userId: number, now: number): number => {
      // Interviews whose overdue grace ended more than a day ago cannot gain or lose reminders.
      const since = now - 3 * 86_400_000
      const ids = interviewsToResync.all({ userId, since }) as number[]
      for (const id of ids) syncForInterview(id, now)
      return ids.length
    }),

    listForInterview(userId: number, interviewId: number): ReminderView[] {
      return withChannels(userId, (listForInterview.all(interviewId, userId) as ReminderRow[]).map(toView))
    },

    /** Open, failed and recently settled reminders of all the user's interviews, failed first. */
    listForUser(userId: number, now: number, limit = 100): UserReminderView[] {
      return withChannels(
        userId,
        (listForUser.all({ userId, since: now - 7 * 86_400_000, limit }) as ReminderRow[]).map((row) => ({
          ...toView(row),
          interviewId: row.interview_id,
          company: row.company ?? '',
          role: row.role ?? '',
        })),
      )
    },

    interviewBelongsTo: (userId: number, interviewId: number) =>
      interviewOwned.get(interviewId, userId) === 1,

    /** A failed reminder back to pending, due now. Returns its interview's id, or undefined if there was nothing to retry. */
    retry(userId: number, reminderId: number, now: number): number | undefined {
      const row = retryFailed.get({ id: reminderId, userId, now }) as { interview_id: number } | undefined
      return row?.interview_id
    },

    settings: settingsFor,

    saveSettings(userId: number, settings: ReminderSettings, now: number): void {
      upsertSettings.run({
        userId,
        leads: JSON.stringify([...new Set(settings.leads)].sort((a, b) => b - a)),
        researchEnabled: settings.researchEnabled ? 1 : 0,
        overdueEnabled: settings.overdueEnabled ? 1 : 0,
        quietStart: settings.quietHours?.start ?? null,
        quietEnd: settings.quietHours?.end ?? null,
        email: settings.email,
        now,
      })
    },

    // --- used by the dispatcher ---

    /** Rows left in `sending` whose lease ran out (their sender crashed or hung) go back to pending. */
    reclaimExpired: (now: number) => reclaimExpired.run({ now }).changes,
    skipObsolete: (now: number) => skipObsolete.run({ now, window: FOLLOW_UP_WINDOW_MS }).changes,

    /** Atomically takes up to `limit` due rows for this process until `leaseUntil`. */
    claimDue(now: number, leaseUntil: number, limit: number): ClaimedReminder[] {
      const rows = claimDue.all({ now, leaseUntil, limit }) as ReminderRow[]
      return rows
        .map((row) => ({
          id: row.id,
          userId: row.user_id,
          interviewId: row.interview_id,
          kind: row.kind,
          lead: row.lead,
          dueAt: row.due_at,
          attempts: row.attempts,
          leaseUntil: row.lease_until ?? leaseUntil,
        }))
        .sort((a, b) => a.dueAt - b.dueAt)
    },

    markSent: (claim: ClaimedReminder, messageId: string, now: number) =>
      markSent.run({ id: claim.id, attempts: claim.attempts, messageId, now }).changes === 1,

    markRetry: (claim: ClaimedReminder, error: string, nextAttemptAt: number, now: number) =>
      markRetry.run({ id: claim.id, attempts: claim.attempts, error: clip(error), nextAttemptAt, now })
        .changes === 1,

    markFinal: (
      claim: ClaimedReminder,
      state: Extract<ReminderState, 'failed' | 'skipped' | 'cancelled'>,
      error: string | null,
      now: number,
    ) =>
      markFinal.run({
        id: claim.id,
        attempts: claim.attempts,
        state,
        error: error === null ? null : clip(error),
        now,
      }).changes === 1,

    /** The earliest moment a pass could find work: a pending row coming due or a lease running out. */
    nextWakeAt(): number | undefined {
      const times = [nextPending.get(), nextLease.get()].filter((t): t is number => typeof t === 'number')
      return times.length > 0 ? Math.min(...times) : undefined
    },

    overdueUnsent: (dueBefore: number) => overdueUnsent.get({ before: dueBefore }) as number,

    /** The row's random key, fixed at insert: its Message-ID is built from it, never from the reusable id alone. */
    messageKey(reminderId: number): string {
      const key = messageKeyOf.get(reminderId)
      if (typeof key !== 'string' || key === '') throw new Error(`Reminder ${reminderId} has no message key.`)
      return key
    },

    /** A new key (so a new Message-ID) for a claimed row whose Message-ID turned out to be taken. */
    renewMessageKey: (claim: ClaimedReminder) =>
      renewMessageKey.run({ id: claim.id, attempts: claim.attempts, messageKey: newMessageKey() }).changes ===
      1,

    context(claim: Pick<ClaimedReminder, 'userId' | 'interviewId'>): ReminderContext | undefined {
      const interview = contextInterview.get(claim.interviewId, claim.userId) as
        | Pick<
            InterviewRow,
            'id' | 'company' | 'role' | 'ends_at' | 'time_zone' | 'follow_up_state' | 'outcome'
          >
        | undefined
      const user = contextUser.get(claim.userId) as
        | { id: number; name: string; email: string; time_zone: string }
        | undefined
      if (!interview || !user) return undefined
      const settings = settingsFor(claim.userId)
      return {
        interview: {
          id: interview.id,
          company: interview.company,
          role: interview.role,
          endsAt: interview.ends_at,
          timeZone: interview.time_zone,
          followUpState: interview.follow_up_state,
          outcome: interview.outcome,
        },
        user: { id: user.id, name: user.name, email: user.email, timeZone: user.time_zone },
        address: settings.email ?? user.email,
        questions: contextQuestions.all(claim.interviewId, claim.userId) as ReminderContext['questions'],
        interviewers: contextInterviewers.all(
          claim.interviewId,
          claim.userId,
        ) as ReminderContext['interviewers'],
      }
    },
  }
}

export type RemindersRepository = ReturnType<typeof remindersRepository>
