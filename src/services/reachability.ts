import type { Db } from '../db/connection.js'
import type { Mailer } from '../mail/mailer.js'

/** A way a reminder can reach its user outside this browser tab. */
export type ReminderChannel = 'email' | 'push' | 'webhook'

// Tables where a user's other channels live, created by their own migrations. Until a table
// exists its channel reaches nobody; the check then starts counting it without a code change.
const CHANNEL_TABLES: Record<Exclude<ReminderChannel, 'email'>, string> = {
  push: 'push_subscriptions',
  webhook: 'webhooks',
}

type CountByUser = (userId: number) => number

function channelCounters(db: Db): [ReminderChannel, CountByUser][] {
  const hasUserColumn = db.prepare("SELECT 1 FROM pragma_table_info(?) WHERE name = 'user_id'").pluck()
  const counters: [ReminderChannel, CountByUser][] = []
  for (const [channel, table] of Object.entries(CHANNEL_TABLES) as [ReminderChannel, string][]) {
    if (hasUserColumn.get(table) !== 1) continue
    // The table name comes from the constant above, never from input.
    const count = db.prepare(`SELECT count(*) FROM "${table}" WHERE user_id = ?`).pluck()
    counters.push([channel, (userId) => count.get(userId) as number])
  }
  return counters
}

const countersByDb = new WeakMap<Db, [ReminderChannel, CountByUser][]>()

/**
 * The channels that can deliver this user's reminders: e-mail when an SMTP server is set
 * (without one, mail stays in the in-app Mailbox, which reaches nobody who is not looking),
 * push when the user has a push subscription, webhook when they set one up.
 * Empty means reminders reach the user only if they open Debrief.
 */
export function reachableChannels(db: Db, mailer: Pick<Mailer, 'kind'>, userId: number): ReminderChannel[] {
  let counters = countersByDb.get(db)
  if (!counters) {
    counters = channelCounters(db)
    countersByDb.set(db, counters)
  }
  const channels: ReminderChannel[] = mailer.kind === 'local' ? [] : ['email']
  for (const [channel, count] of counters) if (count(userId) > 0) channels.push(channel)
  return channels
}
