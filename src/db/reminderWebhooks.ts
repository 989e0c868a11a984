import { randomBytes } from 'node:crypto'
import type { Db } from './connection.js'

export interface ReminderWebhook {
  url: string
  secret: string
  createdAt: number
  updatedAt: number
}

/** The one webhook URL per user that receives a signed POST per reminder. */
export function reminderWebhooksRepository(db: Db) {
  const get = db.prepare(
    'SELECT url, secret, created_at, updated_at FROM reminder_webhooks WHERE user_id = ?',
  )
  const insert = db.prepare(
    `INSERT INTO reminder_webhooks (user_id, url, secret, created_at, updated_at) VALUES (@userId, @url, @secret, @now, @now)
     ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, updated_at = excluded.updated_at`,
  )
  const newSecret = db.prepare('UPDATE reminder_webhooks SET secret = ?, updated_at = ? WHERE user_id = ?')
  const remove = db.prepare('DELETE FROM reminder_webhooks WHERE user_id = ?')
  const read = (userId: number): ReminderWebhook | undefined => {
    const row = get.get(userId) as
      | { url: string; secret: string; created_at: number; updated_at: number }
      | undefined
    return row
      ? { url: row.url, secret: row.secret, createdAt: row.created_at, updatedAt: row.updated_at }
      : undefined
  }
  return {
    get: read,
    /**
     * Sets the URL. A new webhook gets a new secret, returned once so it can be shown once;
     * changing the URL keeps the secret (undefined returned).
     */
    save: db.transaction((userId: number, url: string, now: number): string | undefined => {
      const existed = read(userId) !== undefined
      const secret = randomBytes(32).toString('base64url')
      insert.run({ userId, url, secret, now })
      return existed ? undefined : secret
    }),
    rotateSecret(userId: number, now: number): string | undefined {
      const secret = randomBytes(32).toString('base64url')
      return newSecret.run(secret, now, userId).changes === 1 ? secret : undefined
    },
    remove: (userId: number) => remove.run(userId).changes === 1,
  }
}

export type ReminderWebhooksRepository = ReturnType<typeof reminderWebhooksRepository>
