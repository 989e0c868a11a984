import type { Db } from './connection.js'
import { mapOne } from './rows.js'

export interface PushSubscriptionRow {
  id: number
  userId: number
  endpoint: string
  p256dh: string
  auth: string
  name: string
  createdAt: number
  lastUsedAt: number | null
}

interface Row {
  id: number
  user_id: number
  endpoint: string
  p256dh: string
  auth: string
  name: string
  created_at: number
  last_used_at: number | null
}

const toSubscription = (row: Row): PushSubscriptionRow => ({
  id: row.id,
  userId: row.user_id,
  endpoint: row.endpoint,
  p256dh: row.p256dh,
  auth: row.auth,
  name: row.name,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
})

/** Browsers and devices subscribed to Web Push, per user. */
export function pushSubscriptionsRepository(db: Db) {
  const list = db.prepare('SELECT * FROM push_subscriptions WHERE user_id = ? ORDER BY created_at, id')
  const byId = db.prepare('SELECT * FROM push_subscriptions WHERE id = ? AND user_id = ?')
  // Subscribing the same browser again (new keys, or another account on it) replaces the old row.
  const upsert = db.prepare(
    `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, name, created_at)
     VALUES (@userId, @endpoint, @p256dh, @auth, @name, @now)
     ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id, p256dh = excluded.p256dh, auth = excluded.auth,
       name = excluded.name, created_at = excluded.created_at, last_used_at = NULL
     RETURNING *`,
  )
  const rename = db.prepare('UPDATE push_subscriptions SET name = ? WHERE id = ? AND user_id = ?')
  const remove = db.prepare('DELETE FROM push_subscriptions WHERE id = ? AND user_id = ?')
  const removeEndpoint = db.prepare('DELETE FROM push_subscriptions WHERE id = ? AND endpoint = ?')
  const used = db.prepare('UPDATE push_subscriptions SET last_used_at = ? WHERE id = ?')
  return {
    list: (userId: number) => (list.all(userId) as Row[]).map(toSubscription),
    get(userId: number, id: number): PushSubscriptionRow | undefined {
      return mapOne(byId.get(id, userId), toSubscription)
    },
    save(
      userId: number,
      subscription: { endpoint: string; p256dh: string; auth: string; name: string },
      now: number,
    ): PushSubscriptionRow {
      return toSubscription(upsert.get({ userId, ...subscription, now }) as Row)
    },
    rename: (userId: number, id: number, name: string) => rename.run(name, id, userId).changes === 1,
    remove: (userId: number, id: number) => remove.run(id, userId).changes === 1,
    /** The push service said the subscription is gone (404/410); only that endpoint's row is removed. */
    removeGone: (id: number, endpoint: string) => removeEndpoint.run(id, endpoint).changes === 1,
    markUsed: (id: number, now: number) => void used.run(now, id),
  }
}

export type PushSubscriptionsRepository = ReturnType<typeof pushSubscriptionsRepository>
