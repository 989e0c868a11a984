import type { Db } from '../db/connection.js'
import type { Mailer } from '../mail/mailer.js'

/** A way a reminder can reach its user outside this browser tab. */
export type ReminderChannel = 'email' | 'push' | 'webhook'

const REACH_SQL = `SELECT
  (SELECT count(*) FROM push_subscriptions WHERE user_id = @userId) AS push,
  (SELECT count(*) FROM reminder_webhooks WHERE user_id = @userId) AS webhook,
  coalesce((SELECT email_enabled FROM reminder_settings WHERE user_id = @userId), 1) AS email`

const statements = new WeakMap<Db, ReturnType<Db['prepare']>>()

/**
 * The channels that can deliver this user's reminders: e-mail when an SMTP server is set and
 * the user has not turned e-mail reminders off (without a server, mail stays in the in-app Mailbox, which reaches nobody who is not looking),
 * push when the user has a push subscription, webhook when they set one up.
 * Empty means reminders reach the user only if they open Debrief.
 */
export function reachableChannels(db: Db, mailer: Pick<Mailer, 'kind'>, userId: number): ReminderChannel[] {
  let statement = statements.get(db)
  if (!statement) {
    statement = db.prepare(REACH_SQL)
    statements.set(db, statement)
  }
  const counts = statement.get({ userId }) as { push: number; webhook: number; email: number }
  const channels: ReminderChannel[] = mailer.kind === 'local' || counts.email !== 1 ? [] : ['email']
  if (counts.push > 0) channels.push('push')
  if (counts.webhook > 0) channels.push('webhook')
  return channels
}

const emailOffStatements = new WeakMap<Db, ReturnType<Db['prepare']>>()

/** Whether the user turned e-mail reminders off (Settings → Reminders), for the warning's wording. */
export function emailRemindersOff(db: Db, userId: number): boolean {
  let statement = emailOffStatements.get(db)
  if (!statement) {
    statement = db.prepare('SELECT 1 FROM reminder_settings WHERE user_id = ? AND email_enabled = 0').pluck()
    emailOffStatements.set(db, statement)
  }
  return statement.get(userId) === 1
}
