import type { Db } from './connection.js'

export interface ApiToken {
  id: number
  name: string
  prefix: string
  createdAt: number
  lastUsedAt: number | null
}

interface TokenRow {
  id: number
  name: string
  prefix: string
  created_at: number
  last_used_at: number | null
}

const toToken = (row: TokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  createdAt: row.created_at,
  lastUsedAt: row.last_used_at,
})

// "Last used" is shown to the minute; writing it on every request would cost a durable
// transaction per API call.
const LAST_USED_RESOLUTION_MS = 60_000
export const isStale = (lastUsedAt: number | null, now: number) =>
  lastUsedAt === null || now - lastUsedAt >= LAST_USED_RESOLUTION_MS || now < lastUsedAt

export function apiTokensRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)
     RETURNING id, name, prefix, created_at, last_used_at`,
  )
  const listActive = db.prepare(
    `SELECT id, name, prefix, created_at, last_used_at FROM api_tokens
     WHERE user_id = ? AND revoked_at IS NULL ORDER BY created_at DESC, id DESC`,
  )
  const revoke = db.prepare(
    'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND revoked_at IS NULL',
  )
  const userByHash = db.prepare(
    'SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
  )
  const touch = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?')

  return {
    create: (userId: number, name: string, tokenHash: string, prefix: string, now: number) =>
      toToken(insert.get(userId, name, tokenHash, prefix, now) as TokenRow),
    listActive: (userId: number) => (listActive.all(userId) as TokenRow[]).map(toToken),
    revoke: (userId: number, id: number, now: number) => revoke.run(now, id, userId).changes === 1,
    /** Returns the owning user's id for a live token, recording its use (to the minute). */
    authenticate: (tokenHash: string, now: number): number | undefined => {
      const row = userByHash.get(tokenHash) as
        | { id: number; user_id: number; last_used_at: number | null }
        | undefined
      if (!row) return undefined
      if (isStale(row.last_used_at, now)) touch.run(now, row.id)
      return row.user_id
    },
  }
}

export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>
