import { FOLLOW_UP_WINDOW_MS } from '../domain/interview.js'
import { leaseStatements } from './claimQueue.js'
import type { CoachMailKind } from './coachDigestRows.js'
import type { Db } from './connection.js'
import type { ChannelName } from './remindersTypes.js'
import { clipError } from './remindersTypes.js'

/** One delivery row the dispatcher has claimed: of a reminder, a daily study reminder or a coach's mail. */
export interface ClaimedDelivery {
  id: number
  reminderId: number | null
  nudgeId: number | null
  coachMailId: number | null
  userId: number
  channel: string
  target: string
  dueAt: number
  attempts: number
  leaseUntil: number
  messageKey: string
}

interface DeliveryRow {
  id: number
  reminder_id: number | null
  nudge_id: number | null
  coach_mail_id: number | null
  user_id: number
  channel: string
  target: string
  due_at: number
  attempts: number
  lease_until: number | null
  message_key: string
}

/** What a delivery needs to know about its reminder at send time. */
export interface DeliveryReminder {
  id: number
  userId: number
  interviewId: number
  kind: string
  lead: number
  state: string
  messageKey: string
}

/** What a delivery needs to know about its daily study reminder at send time. */
export interface DeliveryNudge {
  id: number
  userId: number
  localDate: string
  dueCount: number
  messageKey: string
}

/** What a delivery needs to know about the coach's digest or review-request notice at send time. */
export interface DeliveryCoachMail {
  id: number
  coachId: number
  kind: CoachMailKind
  localDate: string | null
  requestId: number | null
  messageKey: string
}

/**
 * The health check's count of what is unsent past its time: reminders still waiting to be handed
 * off (a pending reminder's next attempt is its due time, or later once retried) and deliveries
 * on every channel. Each term reads only its partial index.
 */
export const OVERDUE_UNSENT_SQL = `SELECT (SELECT count(*) FROM reminders WHERE state = 'pending' AND next_attempt_at <= @before)
            + (SELECT count(*) FROM reminder_deliveries WHERE state = 'pending' AND due_at <= @before)
            + (SELECT count(*) FROM reminder_deliveries WHERE state = 'sending' AND due_at <= @before)`

/** The rows one claim takes for one channel: a range scan of the partial index reminder_deliveries_claimable. */
export const DELIVERY_CLAIM_CANDIDATES_SQL = `SELECT id FROM reminder_deliveries
       WHERE state = 'pending' AND channel = @channel AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit`

/**
 * Deliveries over every channel, e-mail included: one row per reminder (or daily study
 * reminder, or coach's digest or review-request notice), channel and destination, created when
 * it came due (remindersHandOff.ts, claimQueue.ts). Each row lives on its own: pending → sending (claimed, leased) → sent |
 * pending (backoff) | failed | skipped | cancelled, every transition out of `sending` fenced on
 * the claim's attempt number, and each channel claimed separately.
 */
export function reminderDeliveriesRepository(db: Db) {
  const lease = leaseStatements(db, 'reminder_deliveries')
  // Research and deadline reminders still waiting on a channel when they can no longer arrive
  // before the deadline: skipped without a claim, the overdue notice replaces them.
  const skipObsolete = db.prepare(
    `UPDATE reminder_deliveries SET state = 'skipped', updated_at = @now,
       last_error = 'Not sent: the follow-up deadline passed before it could go out.'
     WHERE state = 'pending' AND next_attempt_at <= @now AND EXISTS (SELECT 1 FROM reminders r
       JOIN interviews i ON i.id = r.interview_id
       WHERE r.id = reminder_deliveries.reminder_id AND r.kind IN ('research', 'deadline') AND i.ends_at + @window <= @now)`,
  )
  const claimDue = db.prepare(
    `UPDATE reminder_deliveries SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
     WHERE state = 'pending' AND id IN (${DELIVERY_CLAIM_CANDIDATES_SQL})
     RETURNING id, reminder_id, nudge_id, coach_mail_id, user_id, channel, target, due_at, attempts, lease_until, message_key`,
  )
  const markSent = db.prepare(
    `UPDATE reminder_deliveries SET state = 'sent', sent_at = @now, message_id = @messageId, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markRetry = db.prepare(
    `UPDATE reminder_deliveries SET state = 'pending', next_attempt_at = max(due_at, @nextAttemptAt), lease_until = NULL,
       last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markFinal = db.prepare(
    `UPDATE reminder_deliveries SET state = @state, lease_until = NULL, last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const reminderOf = db.prepare(
    'SELECT id, user_id, interview_id, kind, lead, state, message_key FROM reminders WHERE id = ?',
  )
  const nudgeOf = db.prepare(
    'SELECT id, user_id, local_date, coalesce(due_count, 0) AS due_count, message_key FROM study_nudges WHERE id = ?',
  )
  const coachMailOf = db.prepare(
    `SELECT id, coach_id AS coachId, kind, local_date AS localDate, request_id AS requestId, message_key AS messageKey
     FROM coach_mail WHERE id = ?`,
  )
  const retryFailed = db.prepare(
    `UPDATE reminder_deliveries SET state = 'pending', next_attempt_at = max(due_at, @now), lease_until = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'failed' RETURNING coalesce(reminder_id, 0) AS reminder_id`,
  )
  // A new Message-ID for what the claimed e-mail delivers, fenced on the claim like its outcome.
  const stillClaimed =
    "EXISTS (SELECT 1 FROM reminder_deliveries WHERE id = @id AND state = 'sending' AND attempts = @attempts)"
  const renewReminderKey = db.prepare(
    `UPDATE reminders SET message_key = @messageKey WHERE id = @subjectId AND ${stillClaimed}`,
  )
  const renewNudgeKey = db.prepare(
    `UPDATE study_nudges SET message_key = @messageKey WHERE id = @subjectId AND ${stillClaimed}`,
  )
  const renewCoachMailKey = db.prepare(
    `UPDATE coach_mail SET message_key = @messageKey WHERE id = @subjectId AND ${stillClaimed}`,
  )
  const overdueUnsent = db.prepare(OVERDUE_UNSENT_SQL).pluck()
  const byChannel = db.prepare(
    `SELECT channel, state, count(*) AS n FROM reminder_deliveries
     WHERE state IN ('pending', 'sending', 'failed') GROUP BY channel, state ORDER BY channel, state`,
  )

  return {
    reclaimExpired: lease.reclaimExpired,
    skipObsolete: (now: number) => skipObsolete.run({ now, window: FOLLOW_UP_WINDOW_MS }).changes,

    /** Atomically takes up to `limit` due rows of one channel for this process until `leaseUntil`. */
    claimDue(channel: string, now: number, leaseUntil: number, limit: number): ClaimedDelivery[] {
      return (claimDue.all({ channel, now, leaseUntil, limit }) as DeliveryRow[])
        .map((row) => ({
          id: row.id,
          reminderId: row.reminder_id,
          nudgeId: row.nudge_id,
          coachMailId: row.coach_mail_id,
          userId: row.user_id,
          channel: row.channel,
          target: row.target,
          dueAt: row.due_at,
          attempts: row.attempts,
          leaseUntil: row.lease_until ?? leaseUntil,
          messageKey: row.message_key,
        }))
        .sort((a, b) => a.dueAt - b.dueAt)
    },

    markSent: (claim: ClaimedDelivery, messageId: string | null, now: number) =>
      markSent.run({ id: claim.id, attempts: claim.attempts, messageId, now }).changes === 1,
    markRetry: (claim: ClaimedDelivery, error: string, nextAttemptAt: number, now: number) =>
      markRetry.run({ id: claim.id, attempts: claim.attempts, error: clipError(error), nextAttemptAt, now })
        .changes === 1,
    markFinal: (
      claim: ClaimedDelivery,
      state: 'failed' | 'skipped' | 'cancelled',
      error: string | null,
      now: number,
    ) =>
      markFinal.run({
        id: claim.id,
        attempts: claim.attempts,
        state,
        error: error === null ? null : clipError(error),
        now,
      }).changes === 1,

    /** A new random key (so a new Message-ID) for what a claimed delivery carries; false once the claim is lost. */
    renewMessageKey(claim: ClaimedDelivery, messageKey: string): boolean {
      const params = { id: claim.id, attempts: claim.attempts, messageKey }
      if (claim.reminderId !== null)
        return renewReminderKey.run({ ...params, subjectId: claim.reminderId }).changes === 1
      if (claim.nudgeId !== null)
        return renewNudgeKey.run({ ...params, subjectId: claim.nudgeId }).changes === 1
      if (claim.coachMailId !== null)
        return renewCoachMailKey.run({ ...params, subjectId: claim.coachMailId }).changes === 1
      return false
    },

    reminder(reminderId: number): DeliveryReminder | undefined {
      const row = reminderOf.get(reminderId) as
        | {
            id: number
            user_id: number
            interview_id: number
            kind: string
            lead: number
            state: string
            message_key: string
          }
        | undefined
      return row
        ? {
            id: row.id,
            userId: row.user_id,
            interviewId: row.interview_id,
            kind: row.kind,
            lead: row.lead,
            state: row.state,
            messageKey: row.message_key,
          }
        : undefined
    },

    nudge(nudgeId: number): DeliveryNudge | undefined {
      const row = nudgeOf.get(nudgeId) as
        | { id: number; user_id: number; local_date: string; due_count: number; message_key: string }
        | undefined
      return row
        ? {
            id: row.id,
            userId: row.user_id,
            localDate: row.local_date,
            dueCount: row.due_count,
            messageKey: row.message_key,
          }
        : undefined
    },

    coachMail: (coachMailId: number) => coachMailOf.get(coachMailId) as DeliveryCoachMail | undefined,

    /** The earliest moment a pass could find work here. */
    nextWakeAt: lease.nextWakeAt,

    /** A failed delivery back to pending, due now; returns its reminder's id (0 for a study reminder), or undefined. */
    retry(userId: number, deliveryId: number, now: number): number | undefined {
      const row = retryFailed.get({ id: deliveryId, userId, now }) as { reminder_id: number } | undefined
      return row?.reminder_id
    },

    /** Reminders and deliveries on every channel that should have gone out by `dueBefore` and have not. */
    overdueUnsent: (dueBefore: number) => overdueUnsent.get({ before: dueBefore }) as number,

    /** Open and failed deliveries per channel, for /healthz and the CLI. */
    openByChannel(): { channel: ChannelName; state: string; count: number }[] {
      return (byChannel.all() as { channel: ChannelName; state: string; n: number }[]).map((row) => ({
        channel: row.channel,
        state: row.state,
        count: row.n,
      }))
    },
  }
}

export type ReminderDeliveriesRepository = ReturnType<typeof reminderDeliveriesRepository>
