import { randomBytes } from 'node:crypto'
import { GIVE_UP_AFTER_MS } from '../domain/reminderPlan.js'
import type { ClaimedDelivery } from '../scheduler/channels/channel.js'
import type { Db } from './connection.js'

interface DeliveryRow {
  id: number
  reminder_id: number
  user_id: number
  channel: string
  target: string
  due_at: number
  state: string
  attempts: number
  next_attempt_at: number
  lease_until: number | null
  last_error: string | null
  sent_at: number | null
  message_key: string
}

/** What a delivery needs to know about its reminder at send time (it does not assume an interview). */
export interface DeliveryReminder {
  id: number
  userId: number
  interviewId: number | null
  kind: string
  lead: number
  state: string
}

const MAX_ERROR_LENGTH = 500
const clip = (text: string) =>
  text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text

/** The rows one claim takes: a range scan of the partial index reminder_deliveries_claimable. */
export const DELIVERY_CLAIM_CANDIDATES_SQL = `SELECT id FROM reminder_deliveries
       WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit`

/**
 * Deliveries of reminders over the channels other than e-mail. A reminder that comes due gets
 * one row per channel and target the user has at that moment (planDue); from then on each row
 * lives on its own: pending → sending (claimed, leased) → sent | pending (backoff) | failed |
 * skipped | cancelled, every transition out of `sending` fenced on the claim's attempt number.
 */
export function reminderDeliveriesRepository(db: Db) {
  // Cancelled and skipped reminders get no deliveries and no plan; revived, they are planned when due.
  const unplanned = db.prepare(
    `SELECT r.id, r.user_id, r.due_at FROM reminders r
     WHERE r.due_at > @since AND r.due_at <= @now AND r.state IN ('pending', 'sending', 'sent', 'failed')
       AND NOT EXISTS (SELECT 1 FROM reminder_channel_plans p WHERE p.reminder_id = r.id)
     ORDER BY r.due_at LIMIT @limit`,
  )
  const pushTargets = db.prepare('SELECT id FROM push_subscriptions WHERE user_id = ?').pluck()
  const hasWebhook = db.prepare('SELECT 1 FROM reminder_webhooks WHERE user_id = ?').pluck()
  const insert = db.prepare(
    `INSERT INTO reminder_deliveries (reminder_id, user_id, channel, target, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@reminderId, @userId, @channel, @target, @dueAt, max(@dueAt, @now), @messageKey, @now, @now)
     ON CONFLICT (reminder_id, channel, target) DO NOTHING`,
  )
  const markPlanned = db.prepare(
    'INSERT INTO reminder_channel_plans (reminder_id, planned_at) VALUES (?, ?) ON CONFLICT DO NOTHING',
  )

  const reclaimExpired = db.prepare(
    `UPDATE reminder_deliveries SET state = 'pending', lease_until = NULL, next_attempt_at = max(due_at, @now), updated_at = @now,
       last_error = 'The previous attempt was interrupted before its outcome was recorded; sending again.'
     WHERE state = 'sending' AND lease_until <= @now`,
  )
  const claimDue = db.prepare(
    `UPDATE reminder_deliveries SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
     WHERE state = 'pending' AND id IN (${DELIVERY_CLAIM_CANDIDATES_SQL})
     RETURNING id, reminder_id, user_id, channel, target, due_at, attempts, lease_until, message_key`,
  )
  const markSent = db.prepare(
    `UPDATE reminder_deliveries SET state = 'sent', sent_at = @now, lease_until = NULL, last_error = NULL, updated_at = @now
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
  const nextPending = db
    .prepare("SELECT min(next_attempt_at) FROM reminder_deliveries WHERE state = 'pending'")
    .pluck()
  const nextLease = db
    .prepare("SELECT min(lease_until) FROM reminder_deliveries WHERE state = 'sending'")
    .pluck()
  // Pending reminders come due first as e-mail; the same moment plans their other channels.
  const reminderOf = db.prepare(
    'SELECT id, user_id, interview_id, kind, lead, state FROM reminders WHERE id = ?',
  )
  const retryFailed = db.prepare(
    `UPDATE reminder_deliveries SET state = 'pending', next_attempt_at = max(due_at, @now), lease_until = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'failed' RETURNING reminder_id`,
  )

  const planDue = db.transaction((now: number, limit: number): number => {
    let created = 0
    const rows = unplanned.all({ now, since: now - GIVE_UP_AFTER_MS, limit }) as {
      id: number
      user_id: number
      due_at: number
    }[]
    for (const reminder of rows) {
      const targets: [string, string][] = (pushTargets.all(reminder.user_id) as number[]).map((id) => [
        'push',
        String(id),
      ])
      if (hasWebhook.get(reminder.user_id) === 1) targets.push(['webhook', ''])
      for (const [channel, target] of targets)
        created += insert.run({
          reminderId: reminder.id,
          userId: reminder.user_id,
          channel,
          target,
          dueAt: reminder.due_at,
          messageKey: randomBytes(16).toString('hex'),
          now,
        }).changes
      markPlanned.run(reminder.id, now)
    }
    return created
  })

  return {
    /** Creates the deliveries of reminders that came due, one per channel and target the user has now. */
    planDue: (now: number, limit = 200) => planDue(now, limit),
    reclaimExpired: (now: number) => reclaimExpired.run({ now }).changes,

    claimDue(now: number, leaseUntil: number, limit: number): ClaimedDelivery[] {
      return (claimDue.all({ now, leaseUntil, limit }) as DeliveryRow[])
        .map((row) => ({
          id: row.id,
          reminderId: row.reminder_id,
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

    markSent: (claim: ClaimedDelivery, now: number) =>
      markSent.run({ id: claim.id, attempts: claim.attempts, now }).changes === 1,
    markRetry: (claim: ClaimedDelivery, error: string, nextAttemptAt: number, now: number) =>
      markRetry.run({ id: claim.id, attempts: claim.attempts, error: clip(error), nextAttemptAt, now })
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
        error: error === null ? null : clip(error),
        now,
      }).changes === 1,

    reminder(reminderId: number): DeliveryReminder | undefined {
      const row = reminderOf.get(reminderId) as
        | {
            id: number
            user_id: number
            interview_id: number | null
            kind: string
            lead: number
            state: string
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
          }
        : undefined
    },

    /** The earliest moment a pass could find work here. */
    nextWakeAt(): number | undefined {
      const times = [nextPending.get(), nextLease.get()].filter((t): t is number => typeof t === 'number')
      return times.length > 0 ? Math.min(...times) : undefined
    },

    /** A failed delivery back to pending, due now; returns its reminder's id, or undefined. */
    retry(userId: number, deliveryId: number, now: number): number | undefined {
      const row = retryFailed.get({ id: deliveryId, userId, now }) as { reminder_id: number } | undefined
      return row?.reminder_id
    },
  }
}

export type ReminderDeliveriesRepository = ReturnType<typeof reminderDeliveriesRepository>
