import type { Db } from './connection.js'

export function sessionsRepository(db: Db) {
  const get = db.prepare('SELECT data FROM sessions WHERE sid = ? AND expires_at > ?').pluck()
  const upsert = db.prepare(
    `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(sid) DO UPDATE SET user_id = excluded.user_id, data = excluded.data, expires_at = excluded.expires_at`,
  )
  const destroy = db.prepare('DELETE FROM sessions WHERE sid = ?')
  const destroyForUser = db.prepare('DELETE FROM sessions WHERE user_id = ?')
  const purge = db.prepare('DELETE FROM sessions WHERE expires_at <= ?')
  const countForUser = db.prepare('SELECT count(*) FROM sessions WHERE user_id = ?').pluck()

  return {
    get: (sid: string, now: number) => get.get(sid, now) as string | undefined,
    save: (sid: string, userId: number | null, data: string, expiresAt: number) => {
      upsert.run(sid, userId, data, expiresAt)
    },
    destroy: (sid: string) => {
      destroy.run(sid)
    },
    destroyForUser: (userId: number) => destroyForUser.run(userId).changes,
    purgeExpired: (now: number) => purge.run(now).changes,
    countForUser: (userId: number) => countForUser.get(userId) as number,
  }
}

export type SessionsRepository = ReturnType<typeof sessionsRepository>
