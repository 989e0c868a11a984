import type { CalendarInterview } from '../domain/calendar.js'
import { isStale } from './apiTokens.js'
import type { Db } from './connection.js'
import type { InterviewRow } from './interviews.js'

// The feed reads only what a calendar shows, not the notes and links an interview also holds.
type CalendarRow = Omit<InterviewRow, 'job_url' | 'notes' | 'follow_up_done_at'>

const toCalendarInterview = (row: CalendarRow): CalendarInterview => ({
  id: row.id,
  company: row.company,
  role: row.role,
  kind: row.kind,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  timeZone: row.time_zone,
  location: row.location,
  outcome: row.outcome,
  followUpState: row.follow_up_state,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

const COLUMNS = `id, company, role, kind, starts_at, ends_at, time_zone, location, outcome, follow_up_state,
  created_at, updated_at`

/** How far back the feed reaches: enough history to look back on, without an ever-growing download. */
export const FEED_HISTORY_MS = 365 * 24 * 60 * 60 * 1000
const FEED_LIMIT = 2000

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
  const feedInterviews = db.prepare(
    `SELECT ${COLUMNS} FROM interviews WHERE user_id = ? AND ends_at >= ?
     ORDER BY starts_at, id LIMIT ${FEED_LIMIT}`,
  )
  const oneInterview = db.prepare(`SELECT ${COLUMNS} FROM interviews WHERE id = ? AND user_id = ?`)

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
    feedInterviews: (userId: number, now: number): CalendarInterview[] =>
      (feedInterviews.all(userId, now - FEED_HISTORY_MS) as CalendarRow[]).map(toCalendarInterview),
    interview(userId: number, id: number): CalendarInterview | undefined {
      const row = oneInterview.get(id, userId) as CalendarRow | undefined
      return row ? toCalendarInterview(row) : undefined
    },
  }
}

export type CalendarRepository = ReturnType<typeof calendarRepository>
