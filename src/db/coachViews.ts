import type { Db } from './connection.js'

export interface CoachView {
  coachId: number
  coachName: string
  what: string
  lastViewedAt: number
  views: number
}

const HOUR_MS = 3_600_000

/** The audit of what a coach looked at: one row per coach, candidate, page and hour. */
export function coachViewsRepository(db: Db) {
  const record = db.prepare(
    `INSERT INTO coach_views (candidate_id, coach_id, what, hour_start, last_viewed_at)
     VALUES (@candidateId, @coachId, @what, @hourStart, @now)
     ON CONFLICT (candidate_id, coach_id, what, hour_start)
     DO UPDATE SET views = views + 1, last_viewed_at = excluded.last_viewed_at`,
  )
  const recent = db.prepare(
    `SELECT v.coach_id, u.name AS coach_name, v.what, v.last_viewed_at, v.views
     FROM coach_views v JOIN users u ON u.id = v.coach_id
     WHERE v.candidate_id = ? ORDER BY v.last_viewed_at DESC, v.id DESC LIMIT ?`,
  )
  return {
    record: (candidateId: number, coachId: number, what: string, now: number) => {
      record.run({ candidateId, coachId, what, hourStart: now - (now % HOUR_MS), now })
    },
    recent: (candidateId: number, limit: number): CoachView[] =>
      (
        recent.all(candidateId, limit) as {
          coach_id: number
          coach_name: string
          what: string
          last_viewed_at: number
          views: number
        }[]
      ).map((r) => ({
        coachId: r.coach_id,
        coachName: r.coach_name,
        what: r.what,
        lastViewedAt: r.last_viewed_at,
        views: r.views,
      })),
  }
}

export type CoachViewsRepository = ReturnType<typeof coachViewsRepository>
