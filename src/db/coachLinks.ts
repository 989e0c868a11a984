import { FOLLOW_UP_WINDOW_MS } from '../domain/interview.js'
import type { Db } from './connection.js'

/** One side of a link as the other side sees it. */
export interface LinkedPerson {
  userId: number
  name: string
  email: string
  timeZone: string
  linkedAt: number
}

/** A candidate on a coach's caseload, with the counts the caseload sorts by. */
export interface CaseloadRow extends LinkedPerson {
  openFollowUps: number
  /** The earliest end among open follow-ups still inside their 24 hours; null without one. */
  nextEndsAt: number | null
  overdue: number
  /** Follow-ups finished in the rate's window, and how many of them on time. */
  finished: number
  finishedOnTime: number
  lastFinishedAt: number | null
  lastEndedAt: number | null
}

/** An open follow-up of a linked candidate, for the caseload's deadlines. */
export interface CaseloadFollowUp {
  candidateId: number
  interviewId: number
  company: string
  role: string
  endsAt: number
}

export interface CoachLinkListing {
  id: number
  candidateId: number
  candidateEmail: string
  coachId: number
  coachEmail: string
  createdAt: number
}

const OPEN = `i.follow_up_state = 'open' AND i.outcome NOT IN ('offer', 'rejected', 'withdrawn')`
const DONE = `(i.follow_up_state <> 'open' OR i.outcome IN ('offer', 'rejected', 'withdrawn'))`
const W = FOLLOW_UP_WINDOW_MS

/**
 * The caseload in a fixed number of statements, however many candidates a coach has: each
 * figure is a correlated range on one of the dashboard's own indexes (open follow-ups by end,
 * finished ones by when they were finished), so it reads a candidate's open follow-ups and the
 * rate's window, never their whole history. CROSS JOIN keeps the coach's links the outer loop
 * (SQLite never reorders it), so no plan walks every user or interview.
 */
export const COACH_SQL = {
  caseload: `SELECT u.id AS user_id, u.name, u.email, u.time_zone, l.created_at AS linked_at,
      (SELECT count(*) FROM interviews i WHERE i.user_id = l.candidate_id AND ${OPEN}
         AND i.ends_at <= @now AND i.ends_at >= @now - ${W}) AS open_follow_ups,
      (SELECT min(i.ends_at) FROM interviews i WHERE i.user_id = l.candidate_id AND ${OPEN}
         AND i.ends_at <= @now AND i.ends_at >= @now - ${W}) AS next_ends_at,
      (SELECT count(*) FROM interviews i WHERE i.user_id = l.candidate_id AND ${OPEN}
         AND i.ends_at < @now - ${W}) AS overdue,
      (SELECT count(*) FROM interviews i WHERE i.user_id = l.candidate_id AND ${DONE}
         AND coalesce(i.follow_up_done_at, i.updated_at) >= @since
         AND i.follow_up_state = 'done' AND i.follow_up_done_at IS NOT NULL) AS finished,
      (SELECT count(*) FROM interviews i WHERE i.user_id = l.candidate_id AND ${DONE}
         AND coalesce(i.follow_up_done_at, i.updated_at) >= @since
         AND i.follow_up_state = 'done' AND i.follow_up_done_at <= i.ends_at + ${W}) AS finished_on_time,
      (SELECT coalesce(i.follow_up_done_at, i.updated_at) FROM interviews i
         WHERE i.user_id = l.candidate_id AND ${DONE}
         ORDER BY coalesce(i.follow_up_done_at, i.updated_at) DESC LIMIT 1) AS last_finished_at,
      (SELECT i.ends_at FROM interviews i WHERE i.user_id = l.candidate_id AND i.ends_at <= @now
         ORDER BY i.ends_at DESC LIMIT 1) AS last_ended_at
    FROM coach_links l CROSS JOIN users u ON u.id = l.candidate_id
    WHERE l.coach_id = @coachId`,
  followUps: `SELECT i.user_id, i.id, i.company, i.role, i.ends_at
    FROM coach_links l CROSS JOIN interviews i ON i.user_id = l.candidate_id
    WHERE l.coach_id = @coachId AND ${OPEN} AND i.ends_at <= @now AND i.ends_at >= @now - ${W}
    ORDER BY i.ends_at, i.id`,
}

interface PersonRow {
  user_id: number
  name: string
  email: string
  time_zone: string
  linked_at: number
}

const toPerson = (row: PersonRow): LinkedPerson => ({
  userId: row.user_id,
  name: row.name,
  email: row.email,
  timeZone: row.time_zone,
  linkedAt: row.linked_at,
})

/** Who may read whose debrief: one row per candidate and coach while the candidate allows it. */
export function coachLinksRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)
     ON CONFLICT (candidate_id, coach_id) DO NOTHING`,
  )
  const exists = db.prepare('SELECT 1 FROM coach_links WHERE candidate_id = ? AND coach_id = ?').pluck()
  const coachesAnyone = db.prepare('SELECT 1 FROM coach_links WHERE coach_id = ? LIMIT 1').pluck()
  const remove = db.prepare('DELETE FROM coach_links WHERE candidate_id = ? AND coach_id = ?')
  const removeById = db.prepare('DELETE FROM coach_links WHERE id = ?')
  const coachesOf = db.prepare(
    `SELECT u.id AS user_id, u.name, u.email, u.time_zone, l.created_at AS linked_at
     FROM coach_links l JOIN users u ON u.id = l.coach_id WHERE l.candidate_id = ? ORDER BY l.created_at, l.id`,
  )
  const candidatesOf = db.prepare(
    `SELECT u.id AS user_id, u.name, u.email, u.time_zone, l.created_at AS linked_at
     FROM coach_links l JOIN users u ON u.id = l.candidate_id WHERE l.coach_id = ? ORDER BY u.name, u.id`,
  )
  const listAll = db.prepare(
    `SELECT l.id, l.candidate_id, c.email AS candidate_email, l.coach_id, k.email AS coach_email, l.created_at
     FROM coach_links l JOIN users c ON c.id = l.candidate_id JOIN users k ON k.id = l.coach_id
     ORDER BY l.id`,
  )
  const caseload = db.prepare(COACH_SQL.caseload)
  const followUps = db.prepare(COACH_SQL.followUps)

  return {
    /** True when a new link was made, false when it already existed. */
    create: (candidateId: number, coachId: number, now: number) =>
      insert.run(candidateId, coachId, now).changes === 1,
    exists: (candidateId: number, coachId: number) => exists.get(candidateId, coachId) === 1,
    /** Whether the user coaches anyone (the nav then offers the caseload). */
    coachesAnyone: (coachId: number) => coachesAnyone.get(coachId) === 1,
    remove: (candidateId: number, coachId: number) => remove.run(candidateId, coachId).changes === 1,
    removeById: (id: number) => removeById.run(id).changes === 1,
    coachesOf: (candidateId: number) => (coachesOf.all(candidateId) as PersonRow[]).map(toPerson),
    candidatesOf: (coachId: number) => (candidatesOf.all(coachId) as PersonRow[]).map(toPerson),
    listAll: (): CoachLinkListing[] =>
      (
        listAll.all() as {
          id: number
          candidate_id: number
          candidate_email: string
          coach_id: number
          coach_email: string
          created_at: number
        }[]
      ).map((r) => ({
        id: r.id,
        candidateId: r.candidate_id,
        candidateEmail: r.candidate_email,
        coachId: r.coach_id,
        coachEmail: r.coach_email,
        createdAt: r.created_at,
      })),
    caseload: (coachId: number, now: number, since: number): CaseloadRow[] =>
      (
        caseload.all({ coachId, now, since }) as (PersonRow & {
          open_follow_ups: number
          next_ends_at: number | null
          overdue: number
          finished: number
          finished_on_time: number
          last_finished_at: number | null
          last_ended_at: number | null
        })[]
      ).map((r) => ({
        ...toPerson(r),
        openFollowUps: r.open_follow_ups,
        nextEndsAt: r.next_ends_at,
        overdue: r.overdue,
        finished: r.finished,
        finishedOnTime: r.finished_on_time,
        lastFinishedAt: r.last_finished_at,
        lastEndedAt: r.last_ended_at,
      })),
    followUps: (coachId: number, now: number): CaseloadFollowUp[] =>
      (
        followUps.all({ coachId, now }) as {
          user_id: number
          id: number
          company: string
          role: string
          ends_at: number
        }[]
      ).map((r) => ({
        candidateId: r.user_id,
        interviewId: r.id,
        company: r.company,
        role: r.role,
        endsAt: r.ends_at,
      })),
  }
}

export type CoachLinksRepository = ReturnType<typeof coachLinksRepository>
