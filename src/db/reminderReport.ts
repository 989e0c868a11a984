import type { Statement } from 'better-sqlite3'
import { type ReminderKind, type ReminderState, reminderLabel } from '../domain/reminderPlan.js'
import type { Db } from './connection.js'

export interface ReportRow {
  id: number
  user: string
  company: string
  label: string
  /** '' while the reminder waits to be handed to its channels. */
  channel: string
  state: ReminderState
  dueAt: number
  nextAttemptAt: number
  attempts: number
  lastError: string | null
}

/** What a delivery that is not of an interview's reminder is called in the report. */
const OTHER_LABELS = {
  study: 'Daily study reminder',
  'coach-digest': 'Coach digest',
  'coach-review': 'Review request to the coach',
} as const

const statements = new WeakMap<Db, Statement>()

function query(db: Db): Statement {
  let statement = statements.get(db)
  if (!statement) {
    // Reminders not yet handed to their channels, then every channel's open or failed delivery
    // (of reminders, daily study reminders and the coaches' mail).
    statement = db.prepare(
      `SELECT * FROM (
         SELECT r.id, u.email AS user, i.company, r.kind, r.lead, '' AS channel, r.state, r.due_at, r.next_attempt_at,
           r.attempts, r.last_error
         FROM reminders r JOIN users u ON u.id = r.user_id JOIN interviews i ON i.id = r.interview_id
         WHERE r.state IN ('pending', 'sending', 'failed')
         UNION ALL
         SELECT coalesce(d.reminder_id, d.nudge_id, d.coach_mail_id), u.email, coalesce(i.company, ''),
           coalesce(r.kind, CASE WHEN d.nudge_id IS NOT NULL THEN 'study' ELSE 'coach-' || m.kind END),
           coalesce(r.lead, 0), d.channel, d.state, d.due_at, d.next_attempt_at, d.attempts, d.last_error
         FROM reminder_deliveries d JOIN users u ON u.id = d.user_id
           LEFT JOIN reminders r ON r.id = d.reminder_id LEFT JOIN interviews i ON i.id = r.interview_id
           LEFT JOIN coach_mail m ON m.id = d.coach_mail_id
         WHERE d.state IN ('pending', 'sending', 'failed'))
       ORDER BY CASE state WHEN 'failed' THEN 0 WHEN 'sending' THEN 1 ELSE 2 END, next_attempt_at, id`,
    )
    statements.set(db, statement)
  }
  return statement
}

/** Every pending, sending and failed reminder and delivery, failed first. */
export function reminderReportRows(db: Db): ReportRow[] {
  return (
    query(db).all() as {
      id: number
      user: string
      company: string
      kind: ReminderKind | (keyof typeof OTHER_LABELS & string)
      lead: number
      channel: string
      state: ReminderState
      due_at: number
      next_attempt_at: number
      attempts: number
      last_error: string | null
    }[]
  ).map((row) => ({
    id: row.id,
    user: row.user,
    company: row.company,
    label:
      row.kind in OTHER_LABELS
        ? OTHER_LABELS[row.kind as keyof typeof OTHER_LABELS]
        : reminderLabel(row.kind as ReminderKind, row.lead),
    channel: row.channel,
    state: row.state,
    dueAt: row.due_at,
    nextAttemptAt: row.next_attempt_at,
    attempts: row.attempts,
    lastError: row.last_error,
  }))
}
