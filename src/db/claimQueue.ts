import type { Db } from './connection.js'
import { newMessageKey } from './messageKey.js'
import { channelTargets, NO_CHANNEL_MESSAGE } from './remindersHandOff.js'
import { clipError } from './remindersTypes.js'

/** The tables worked with a claim, a lease and a fencing attempt number. */
export type LeasedTable = 'study_nudges' | 'coach_mail' | 'reminder_deliveries'

export const INTERRUPTED_MESSAGE =
  'The previous attempt was interrupted before its outcome was recorded; sending again.'

/**
 * What every leased queue shares: a row whose lease expired goes back to pending (due now), and
 * the next moment a pass could find work is the earliest pending attempt or lease expiry.
 */
export function leaseStatements(db: Db, table: LeasedTable) {
  const reclaimExpired = db.prepare(
    `UPDATE ${table} SET state = 'pending', lease_until = NULL, next_attempt_at = max(due_at, @now), updated_at = @now,
       last_error = '${INTERRUPTED_MESSAGE}'
     WHERE state = 'sending' AND lease_until <= @now`,
  )
  const nextPending = db.prepare(`SELECT min(next_attempt_at) FROM ${table} WHERE state = 'pending'`).pluck()
  const nextLease = db.prepare(`SELECT min(lease_until) FROM ${table} WHERE state = 'sending'`).pluck()
  return {
    reclaimExpired: (now: number) => reclaimExpired.run({ now }).changes,
    nextWakeAt(): number | undefined {
      const times = [nextPending.get(), nextLease.get()].filter((t): t is number => typeof t === 'number')
      return times.length > 0 ? Math.min(...times) : undefined
    },
  }
}

/** A claimed row of a plan: fenced by `attempts`, for the user `userId`. */
export interface PlanClaim {
  id: number
  userId: number
  dueAt: number
  attempts: number
}

export interface PlanQueueSpec {
  table: 'study_nudges' | 'coach_mail'
  /** The columns a claim returns, named as the repository's claim type names them. */
  returning: string
  /** How much the message names, recorded when it is settled. */
  countColumn: 'due_count' | 'item_count'
  /** The reminder_deliveries column that points back at the row. */
  deliveryColumn: 'nudge_id' | 'coach_mail_id'
}

/**
 * A plan of messages handed to the user's channels when due (the daily study reminders, the
 * coach's mail): a row is claimed by one atomic UPDATE, every transition out of `sending` is
 * fenced on the claim's attempt number, and the hand-off makes one delivery per channel and
 * destination in one transaction with taking the row off the plan.
 */
export function planQueue<C extends PlanClaim>(db: Db, spec: PlanQueueSpec) {
  const { table, countColumn, deliveryColumn } = spec
  const claimDue = db.prepare(
    `UPDATE ${table} SET state = 'sending', lease_until = @leaseUntil, attempts = attempts + 1, updated_at = @now
     WHERE state = 'pending' AND id IN (SELECT id FROM ${table}
       WHERE state = 'pending' AND next_attempt_at <= @now ORDER BY next_attempt_at LIMIT @limit)
     RETURNING ${spec.returning}`,
  )
  const markFinal = db.prepare(
    `UPDATE ${table} SET state = @state, lease_until = NULL, last_error = @error, ${countColumn} = @count, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markHandedOff = db.prepare(
    `UPDATE ${table} SET state = 'sent', sent_at = @now, ${countColumn} = @count, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const insertDelivery = db.prepare(
    `INSERT INTO reminder_deliveries (${deliveryColumn}, user_id, channel, target, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@subjectId, @userId, @channel, @target, @dueAt, max(@dueAt, @now), @messageKey, @now, @now)
     ON CONFLICT (${deliveryColumn}, channel, target) DO NOTHING`,
  )
  const targetsOf = channelTargets(db)

  const settle = (
    claim: C,
    state: 'failed' | 'skipped' | 'cancelled',
    error: string,
    count: number | null,
    now: number,
  ) =>
    markFinal.run({ id: claim.id, attempts: claim.attempts, state, error: clipError(error), count, now })
      .changes === 1

  return {
    ...leaseStatements(db, table),

    /** Atomically takes up to `limit` due rows for this process until `leaseUntil`. */
    claimDue: (now: number, leaseUntil: number, limit: number) =>
      claimDue.all({ now, leaseUntil, limit }) as C[],

    markFinal: settle,

    /**
     * Hands a claimed row to the user's channels: one delivery row per channel and destination,
     * in one transaction with taking it off the plan. Returns how many deliveries were made,
     * 'noChannel' (skipped: nothing is on) or 'lost' (the claim was taken over).
     */
    handOff: db.transaction((claim: C, count: number, now: number): number | 'noChannel' | 'lost' => {
      const targets = targetsOf(claim.userId)
      if (targets.length === 0)
        return settle(claim, 'skipped', NO_CHANNEL_MESSAGE, count, now) ? 'noChannel' : 'lost'
      if (markHandedOff.run({ id: claim.id, attempts: claim.attempts, count, now }).changes !== 1)
        return 'lost'
      let made = 0
      for (const [channel, target] of targets)
        made += insertDelivery.run({
          subjectId: claim.id,
          userId: claim.userId,
          channel,
          target,
          dueAt: claim.dueAt,
          messageKey: newMessageKey(),
          now,
        }).changes
      return made
    }),
  }
}
