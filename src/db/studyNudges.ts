import { DEFAULT_STUDY_REMINDER, type StudyReminderSettings } from '../domain/studyNudge.js'
import { planQueue } from './claimQueue.js'
import type { Db } from './connection.js'
import { dailyMessagePlanner, recentDays } from './dailyMessagePlan.js'

export type NudgeState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled'

/** A nudge row the dispatcher has claimed: it may send it until leaseUntil, fenced by `attempts`. */
export interface ClaimedNudge {
  id: number
  userId: number
  localDate: string
  dueAt: number
  attempts: number
  leaseUntil: number
  messageKey: string
}

export interface NudgeView {
  id: number
  localDate: string
  dueAt: number
  state: NudgeState
  attempts: number
  dueCount: number | null
  lastError: string | null
  sentAt: number | null
  messageId: string | null
}

interface NudgeRow {
  id: number
  user_id: number
  local_date: string
  due_at: number
  state: NudgeState
  attempts: number
  lease_until: number | null
  message_key: string
  due_count: number | null
  last_error: string | null
  sent_at: number | null
  message_id: string | null
}

const toNudgeView = (row: NudgeRow): NudgeView => ({
  id: row.id,
  localDate: row.local_date,
  dueAt: row.due_at,
  state: row.state,
  attempts: row.attempts,
  dueCount: row.due_count,
  lastError: row.last_error,
  sentAt: row.sent_at,
  messageId: row.message_id,
})

/**
 * The durable schedule of daily study reminders: one row per user and local day. Planning is
 * idempotent (INSERT OR IGNORE on the day's UNIQUE key); claims, leases and the hand-off to the
 * channels are planQueue's (claimQueue.ts), shared with the coach's mail.
 */
export function studyNudgesRepository(db: Db) {
  const planContext = db.prepare(
    `SELECT u.time_zone, coalesce(s.enabled, 0) AS enabled, coalesce(s.minute, @defaultMinute) AS minute,
       r.user_id IS NOT NULL AS has_reminder_settings, r.quiet_start, r.quiet_end
     FROM users u LEFT JOIN study_reminder_settings s ON s.user_id = u.id
       LEFT JOIN reminder_settings r ON r.user_id = u.id
     WHERE u.id = @userId`,
  )
  const rowForDay = db.prepare('SELECT 1 FROM study_nudges WHERE user_id = ? AND local_date = ?').pluck()
  const insert = db.prepare(
    `INSERT OR IGNORE INTO study_nudges (user_id, local_date, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@userId, @localDate, @dueAt, @dueAt, @messageKey, @now, @now)`,
  )
  // Never-sent rows go when the settings change; the day's UNIQUE key then takes the new plan.
  const dropPending = db.prepare("DELETE FROM study_nudges WHERE user_id = ? AND state = 'pending'")
  // Users whose nudge is on but who have none waiting: an index search of the enabled users only.
  const usersToPlan = db
    .prepare(
      `SELECT s.user_id FROM study_reminder_settings s WHERE s.enabled = 1 AND NOT EXISTS
         (SELECT 1 FROM study_nudges n WHERE n.user_id = s.user_id AND n.state IN ('pending', 'sending'))
       LIMIT @limit`,
    )
    .pluck()

  const queue = planQueue<ClaimedNudge>(db, {
    table: 'study_nudges',
    // In the claim's own shape.
    returning: `id, user_id AS userId, local_date AS localDate, due_at AS dueAt, attempts, lease_until AS leaseUntil,
      message_key AS messageKey`,
    countColumn: 'due_count',
    deliveryColumn: 'nudge_id',
  })
  const recent = db.prepare(
    `SELECT id, user_id, local_date, due_at, state, attempts, lease_until, message_key, due_count, last_error, sent_at, message_id
     FROM study_nudges WHERE user_id = ? ORDER BY local_date DESC LIMIT ?`,
  )

  const planner = dailyMessagePlanner<StudyReminderSettings>(
    db,
    'study_reminder_settings',
    { planContext, rowForDay, insert, dropPending, toPlan: usersToPlan },
    DEFAULT_STUDY_REMINDER,
  )

  return {
    ...planner,

    // Claims, leases, settling and the hand-off to the channels (claimQueue.ts).
    ...queue,

    /** The user's latest nudges, newest day first. */
    recent: recentDays(recent, toNudgeView),
  }
}

export type StudyNudgesRepository = ReturnType<typeof studyNudgesRepository>
