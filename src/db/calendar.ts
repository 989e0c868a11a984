import { isStale } from './apiTokens.js'
import type { Db } from './connection.js'
import { INTERVIEW_COLUMNS, type Interview, toInterview } from './interviewSql.js'
import type { InterviewRow } from './rows.js'

/** How far back the feed reaches: enough history to look back on, without an ever-growing download. */
export const FEED_HISTORY_MS = 365 * 24 * 60 * 60 * 1000
const FEED_LIMIT = 2000

/**
 * A range of interviews_by_user_end, sorted: the unary + keeps the planner from walking the
 * user's whole history in start order instead. Exported for the query-plan test.
 */
export const FEED_INTERVIEWS_SQL = `SELECT ${INTERVIEW_COLUMNS} FROM interviews i WHERE i.user_id = ? AND i.ends_at >= ?
     ORDER BY +i.starts_at, i.id LIMIT ${FEED_LIMIT}`

export interface FeedStatus {
  createdAt: number
  lastUsedAt: number | null
}

/** The secret calendar feed address of each user (hashed) and the interviews a calendar shows. */
export function calendarRepository(db: Db) {
  const ownerByHash = db.prepare('SELECT user_id, last_used_at FROM calendar_feeds WHERE token_hash = ?')
  const touch = db.prepare('UPDATE calendar_feeds SET last_used_at = ? WHERE user_id = ?')
  const upsert = db.prepare(
    `INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES (?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at,
       last_used_at = NULL`,
  )
  const remove = db.prepare('DELETE FROM calendar_feeds WHERE user_id = ?')
  const status = db.prepare('SELECT created_at, last_used_at FROM calendar_feeds WHERE user_id = ?')
  const feedInterviews = db.prepare(FEED_INTERVIEWS_SQL)

  return {
    /** The owner of a feed token's hash, recording that a calendar fetched it. */
    ownerOf(tokenHash: string, now: number): number | undefined {
      const row = ownerByHash.get(tokenHash) as { user_id: number; last_used_at: number | null } | undefined
      if (!row) return undefined
      if (isStale(row.last_used_at, now)) touch.run(now, row.user_id)
      return row.user_id
    },
    /** Replaces the user's feed address: the previous one stops working in this statement. */
    rotate(userId: number, tokenHash: string, now: number): void {
      upsert.run(userId, tokenHash, now)
    },
    disable: (userId: number): boolean => remove.run(userId).changes === 1,
    status(userId: number): FeedStatus | undefined {
      const row = status.get(userId) as { created_at: number; last_used_at: number | null } | undefined
      return row ? { createdAt: row.created_at, lastUsedAt: row.last_used_at } : undefined
    },
    feedInterviews: (userId: number, now: number): Interview[] =>
      (feedInterviews.all(userId, now - FEED_HISTORY_MS) as InterviewRow[]).map(toInterview),
  }
}

export type CalendarRepository = ReturnType<typeof calendarRepository>
