import { FOLLOW_UP_WINDOW_MS } from '../domain/interview.js'
import type { Db } from './connection.js'
import { newMessageKey } from './messageKey.js'
import type { ChannelName, HandedOffReminder, ReminderRow } from './remindersTypes.js'

/** The rows one hand-off takes: a range scan of the partial index reminders_claimable. */
export const CLAIM_CANDIDATES_SQL = `SELECT id FROM reminders
       WHERE state = 'pending' AND next_attempt_at <= @now AND due_at <= @now
       ORDER BY next_attempt_at LIMIT @limit`

/** Takes due reminders off the plan in one statement, so each is handed to its channels once. */
export const HAND_OFF_SQL = `UPDATE reminders SET state = 'sent', sent_at = @now, lease_until = NULL, updated_at = @now
     WHERE state = 'pending' AND id IN (${CLAIM_CANDIDATES_SQL})
     RETURNING id, user_id, interview_id, kind, lead, due_at`

export const NO_CHANNEL_MESSAGE =
  'Not sent: no channel was on (e-mail reminders are off and there is no push subscription or webhook).'

/**
 * The channels and destinations a user has at this moment: e-mail unless turned off, every
 * subscribed browser, the webhook. Shared by reminders and daily study reminders, so both reach
 * the user the same way.
 */
export function channelTargets(db: Db) {
  const emailEnabled = db
    .prepare('SELECT coalesce((SELECT email_enabled FROM reminder_settings WHERE user_id = ?), 1)')
    .pluck()
  const pushTargets = db.prepare('SELECT id FROM push_subscriptions WHERE user_id = ? ORDER BY id').pluck()
  const hasWebhook = db.prepare('SELECT 1 FROM reminder_webhooks WHERE user_id = ?').pluck()
  return (userId: number): [ChannelName, string][] => {
    const targets: [ChannelName, string][] = []
    if (emailEnabled.get(userId) === 1) targets.push(['email', ''])
    for (const id of pushTargets.all(userId) as number[]) targets.push(['push', String(id)])
    if (hasWebhook.get(userId) === 1) targets.push(['webhook', ''])
    return targets
  }
}

/**
 * Due reminders become deliveries: in one transaction each due row is taken off the plan
 * (`pending → sent`, "handed to its channels") and gets one reminder_deliveries row per channel
 * and destination. A reminder that can no longer help, or that has no channel to go to, is
 * skipped with the reason instead.
 */
export function reminderHandOff(db: Db) {
  const targetsOf = channelTargets(db)
  const handOff = db.prepare(HAND_OFF_SQL)
  const insertDelivery = db.prepare(
    `INSERT INTO reminder_deliveries (reminder_id, user_id, channel, target, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@reminderId, @userId, @channel, @target, @dueAt, max(@dueAt, @now), @messageKey, @now, @now)
     ON CONFLICT (reminder_id, channel, target) DO NOTHING`,
  )
  const hasDeliveries = db.prepare('SELECT 1 FROM reminder_deliveries WHERE reminder_id = ? LIMIT 1').pluck()
  const markSkipped = db.prepare(
    "UPDATE reminders SET state = 'skipped', sent_at = NULL, last_error = @error, updated_at = @now WHERE id = @id",
  )
  // Deadline and research reminders that can no longer arrive before the deadline: the overdue notice replaces them.
  const skipObsolete = db.prepare(
    `UPDATE reminders SET state = 'skipped', updated_at = @now,
       last_error = 'Not sent: the follow-up deadline passed before it could go out.'
     WHERE state = 'pending' AND next_attempt_at <= @now AND kind IN ('research', 'deadline')
       AND EXISTS (SELECT 1 FROM interviews i WHERE i.id = reminders.interview_id AND i.ends_at + @window <= @now)`,
  )
  const nextPending = db.prepare("SELECT min(next_attempt_at) FROM reminders WHERE state = 'pending'").pluck()
  const messageKeyOf = db.prepare('SELECT message_key FROM reminders WHERE id = ?').pluck()

  const handOffDue = db.transaction((now: number, limit: number) => {
    const rows = handOff.all({ now, limit }) as ReminderRow[]
    const handed: HandedOffReminder[] = []
    let deliveries = 0
    let skipped = 0
    for (const row of rows) {
      for (const [channel, target] of targetsOf(row.user_id))
        deliveries += insertDelivery.run({
          reminderId: row.id,
          userId: row.user_id,
          channel,
          target,
          dueAt: row.due_at,
          messageKey: newMessageKey(),
          now,
        }).changes
      // Deliveries made before e-mail was a channel count as well (see migration 0016).
      if (hasDeliveries.get(row.id) !== 1) {
        markSkipped.run({ id: row.id, error: NO_CHANNEL_MESSAGE, now })
        skipped++
        continue
      }
      handed.push({
        id: row.id,
        userId: row.user_id,
        interviewId: row.interview_id,
        kind: row.kind,
        lead: row.lead,
        dueAt: row.due_at,
      })
    }
    return { handed, deliveries, skipped }
  })

  return {
    skipObsolete: (now: number) => skipObsolete.run({ now, window: FOLLOW_UP_WINDOW_MS }).changes,

    /** Hands up to `limit` due reminders to their channels; returns them and how many deliveries were created. */
    handOffDue: (now: number, limit = 200) => handOffDue(now, limit),

    /** The earliest moment a reminder comes due. */
    nextWakeAt(): number | undefined {
      const next = nextPending.get()
      return typeof next === 'number' ? next : undefined
    },

    /** The row's random key, fixed at insert: its Message-ID is built from it, never from the reusable id alone. */
    messageKey(reminderId: number): string {
      const key = messageKeyOf.get(reminderId)
      if (typeof key !== 'string' || key === '') throw new Error(`Reminder ${reminderId} has no message key.`)
      return key
    },
  }
}
