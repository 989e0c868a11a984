import { randomBytes } from 'node:crypto'
import { DEFAULT_STUDY_REMINDER, type StudyReminderSettings } from '../domain/studyNudge.js'
import type { Db } from './connection.js'
import { type DailyPlanRow, nextDailyMessage } from './dailyMessagePlan.js'
import { channelTargets, NO_CHANNEL_MESSAGE } from './remindersHandOff.js'

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

const MAX_ERROR_LENGTH = 500
const clip = (text: string) =>
  text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text
const newMessageKey = () => randomBytes(16).toString('hex')

/**
 * The durable schedule of daily study reminders: one row per user and local day. Planning is
 * idempotent (INSERT OR IGNORE on the day's UNIQUE key), a row is claimed by one atomic UPDATE,
 * and every transition out of `sending` is fenced on the claim's attempt number.
 */
export function studyNudgesRepository(db: Db) {
  const settingsRow = db.prepare('SELECT enabled, minute FROM study_reminder_settings WHERE user_id = ?')
  const upsertSettings = db.prepare(
    `INSERT INTO study_reminder_settings (user_id, enabled, minute, updated_at) VALUES (@userId, @enabled, @minute, @now)
     ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, minute = excluded.minute, updated_at = excluded.updated_at`,
  )
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

  const reclaimExpired = db.prepare(
    `UPDATE study_nudges SET state = 'pending', lease_until = NULL, next_attempt_at = max(due_at, @now), updated_at = @now,
       last_error = 'The previous attempt was interrupted before its outcome was recorded; sending again.'
     WHERE state = 'sending' AND lease_until <= @now`,
  )
  const claimDue = db.prepare(
    `UPDATE study_nudges SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
     WHERE state = 'pending' AND id IN (SELECT id FROM study_nudges
       WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit)
     RETURNING id, user_id, local_date, due_at, attempts, lease_until, message_key`,
  )
  const markFinal = db.prepare(
    `UPDATE study_nudges SET state = @state, lease_until = NULL, last_error = @error, due_count = @dueCount, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const nextPending = db
    .prepare("SELECT min(next_attempt_at) FROM study_nudges WHERE state = 'pending'")
    .pluck()
  const nextLease = db.prepare("SELECT min(lease_until) FROM study_nudges WHERE state = 'sending'").pluck()
  // Taking the claimed row off the plan, fenced like every transition out of `sending`.
  const markHandedOff = db.prepare(
    `UPDATE study_nudges SET state = 'sent', sent_at = @now, due_count = @dueCount, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const insertDelivery = db.prepare(
    `INSERT INTO reminder_deliveries (nudge_id, user_id, channel, target, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@nudgeId, @userId, @channel, @target, @dueAt, max(@dueAt, @now), @messageKey, @now, @now)
     ON CONFLICT (nudge_id, channel, target) DO NOTHING`,
  )
  const targetsOf = channelTargets(db)
  const recent = db.prepare(
    `SELECT id, user_id, local_date, due_at, state, attempts, lease_until, message_key, due_count, last_error, sent_at, message_id
     FROM study_nudges WHERE user_id = ? ORDER BY local_date DESC LIMIT ?`,
  )

  const settings = (userId: number): StudyReminderSettings => {
    const row = settingsRow.get(userId) as { enabled: number; minute: number } | undefined
    return row ? { enabled: row.enabled === 1, minute: row.minute } : { ...DEFAULT_STUDY_REMINDER }
  }

  /** Plans the user's next nudge unless one is waiting or the reminder is off. */
  const planNext = (userId: number, now: number, catchUpToday: boolean): boolean => {
    const ctx = planContext.get({ userId, defaultMinute: DEFAULT_STUDY_REMINDER.minute }) as
      | DailyPlanRow
      | undefined
    if (!ctx) return false
    const next = nextDailyMessage(
      ctx,
      now,
      (localDate) => rowForDay.get(userId, localDate) === 1,
      catchUpToday,
    )
    if (!next) return false
    return insert.run({ userId, ...next, messageKey: newMessageKey(), now }).changes === 1
  }

  return {
    settings,

    /** Saves the settings and re-plans: a waiting nudge moves to the new time (or goes, when turned off). */
    saveSettings: db.transaction((userId: number, value: StudyReminderSettings, now: number): void => {
      upsertSettings.run({ userId, enabled: value.enabled ? 1 : 0, minute: value.minute, now })
      dropPending.run(userId)
      planNext(userId, now, false)
    }),

    /** After a change of time zone or quiet hours: the waiting nudge is planned again. */
    replan: db.transaction((userId: number, now: number): void => {
      dropPending.run(userId)
      planNext(userId, now, false)
    }),

    /** Plans a nudge for every user who has it on and none waiting; bounded per pass. */
    planMissing: db.transaction((now: number, limit = 200): number => {
      let planned = 0
      for (const userId of usersToPlan.all({ limit }) as number[]) if (planNext(userId, now, true)) planned++
      return planned
    }),

    /** The next day's nudge, once the previous one is settled. */
    planAfterSettled: (userId: number, now: number) => planNext(userId, now, true),

    reclaimExpired: (now: number) => reclaimExpired.run({ now }).changes,

    claimDue(now: number, leaseUntil: number, limit: number): ClaimedNudge[] {
      return (claimDue.all({ now, leaseUntil, limit }) as NudgeRow[]).map((row) => ({
        id: row.id,
        userId: row.user_id,
        localDate: row.local_date,
        dueAt: row.due_at,
        attempts: row.attempts,
        leaseUntil: row.lease_until ?? leaseUntil,
        messageKey: row.message_key,
      }))
    },

    markFinal: (
      claim: ClaimedNudge,
      state: 'failed' | 'skipped' | 'cancelled',
      error: string,
      dueCount: number | null,
      now: number,
    ) =>
      markFinal.run({ id: claim.id, attempts: claim.attempts, state, error: clip(error), dueCount, now })
        .changes === 1,

    /**
     * Hands a claimed nudge to the user's channels: one delivery row per channel and destination,
     * in one transaction with taking it off the plan. Returns how many deliveries were made,
     * 'noChannel' (skipped: nothing is on) or 'lost' (the claim was taken over).
     */
    handOff: db.transaction(
      (claim: ClaimedNudge, dueCount: number, now: number): number | 'noChannel' | 'lost' => {
        const targets = targetsOf(claim.userId)
        if (targets.length === 0)
          return markFinal.run({
            id: claim.id,
            attempts: claim.attempts,
            state: 'skipped',
            error: NO_CHANNEL_MESSAGE,
            dueCount,
            now,
          }).changes === 1
            ? 'noChannel'
            : 'lost'
        if (markHandedOff.run({ id: claim.id, attempts: claim.attempts, dueCount, now }).changes !== 1)
          return 'lost'
        let made = 0
        for (const [channel, target] of targets)
          made += insertDelivery.run({
            nudgeId: claim.id,
            userId: claim.userId,
            channel,
            target,
            dueAt: claim.dueAt,
            messageKey: newMessageKey(),
            now,
          }).changes
        return made
      },
    ),

    nextWakeAt(): number | undefined {
      const times = [nextPending.get(), nextLease.get()].filter((t): t is number => typeof t === 'number')
      return times.length > 0 ? Math.min(...times) : undefined
    },

    /** The user's latest nudges, newest day first. */
    recent(userId: number, limit = 14): NudgeView[] {
      return (recent.all(userId, limit) as NudgeRow[]).map((row) => ({
        id: row.id,
        localDate: row.local_date,
        dueAt: row.due_at,
        state: row.state,
        attempts: row.attempts,
        dueCount: row.due_count,
        lastError: row.last_error,
        sentAt: row.sent_at,
        messageId: row.message_id,
      }))
    },
  }
}

export type StudyNudgesRepository = ReturnType<typeof studyNudgesRepository>
