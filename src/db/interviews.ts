import type { FollowUpState, InterviewStatus } from '../domain/interview.js'
import { FOLLOW_UP_WINDOW_MS, MAX_DURATION_MS } from '../domain/interview.js'
import type { InterviewData } from '../domain/interviewInput.js'
import type { Db } from './connection.js'
import type { RemindersRepository } from './reminders.js'
import type { InterviewRow } from './rows.js'

// Its home is rows.ts (no import circles); re-exported for the modules that read it from here.
export type { InterviewRow }

export interface Interview extends InterviewData {
  id: number
  followUpState: FollowUpState
  followUpDoneAt: number | null
  createdAt: number
  updatedAt: number
}

/** An interview with the counts lists show beside it, computed in the same query. */
export interface InterviewSummary extends Interview {
  status: InterviewStatus
  questionCount: number
  researchTotal: number
  researchDone: number
  interviewerCount: number
  thankedCount: number
}

export interface InterviewFilter {
  status?: InterviewStatus | 'overdue' | undefined
  /** Case-insensitive substring of the company name. */
  company?: string | undefined
  /** Interviews starting at or after this instant. */
  from?: number | undefined
  /** Interviews starting before this instant. */
  until?: number | undefined
}

export interface Dashboard {
  needsFollowUp: InterviewSummary[]
  overdue: InterviewSummary[]
  upcoming: InterviewSummary[]
  recentlyDone: InterviewSummary[]
  /** Sections cut at their limit, whose full list is on the interviews page. */
  more: { overdue: boolean; upcoming: boolean }
}

interface SummaryRow extends InterviewRow {
  status: InterviewStatus
  question_count: number
  research_total: number
  research_done: number
  interviewer_count: number
  thanked_count: number
}

export const INTERVIEW_COLUMNS = `i.id, i.company, i.role, i.kind, i.starts_at, i.ends_at, i.time_zone, i.location, i.job_url,
  i.notes, i.outcome, i.follow_up_state, i.follow_up_done_at, i.created_at, i.updated_at`
const RETURNING = INTERVIEW_COLUMNS.replaceAll('i.', '')

export const toInterview = (row: InterviewRow): Interview => ({
  id: row.id,
  company: row.company,
  role: row.role,
  kind: row.kind,
  startsAt: row.starts_at,
  endsAt: row.ends_at,
  timeZone: row.time_zone,
  location: row.location,
  jobUrl: row.job_url,
  notes: row.notes,
  outcome: row.outcome,
  followUpState: row.follow_up_state,
  followUpDoneAt: row.follow_up_done_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

// Added onto toInterview's object (not spread into a new one): lists map tens of rows per request.
const toSummary = (row: SummaryRow): InterviewSummary =>
  Object.assign(toInterview(row), {
    status: row.status,
    questionCount: row.question_count,
    researchTotal: row.research_total,
    researchDone: row.research_done,
    interviewerCount: row.interviewer_count,
    thankedCount: row.thanked_count,
  })

// Must agree with interviewStatus() in src/domain/interview.ts; a test compares the two.
const STATUS_SQL = `CASE
    WHEN i.outcome IN ('offer', 'rejected', 'withdrawn') THEN 'closed'
    WHEN @now < i.ends_at THEN 'scheduled'
    WHEN i.follow_up_state <> 'open' THEN 'followed_up'
    ELSE 'awaiting_follow_up' END`
const DEADLINE_SQL = `(i.ends_at + ${FOLLOW_UP_WINDOW_MS})`
// Spelled exactly as the WHERE clauses of the partial indexes in 0009_query_plans.sql, which
// is what lets the planner use them.
const OPEN_SQL = `i.follow_up_state = 'open' AND i.outcome NOT IN ('offer', 'rejected', 'withdrawn')`
const DONE_SQL = `(i.follow_up_state <> 'open' OR i.outcome IN ('offer', 'rejected', 'withdrawn'))`

// The progress counts are columns kept by triggers (0009_query_plans.sql), so a list costs
// one index range scan that stops at its limit, and the status is computed for returned rows
// only. The research list is missed + shaky questions (see src/domain/progress.ts).
const SUMMARY_COLUMNS = `${INTERVIEW_COLUMNS}, ${STATUS_SQL} AS status, i.question_count, i.research_total,
  i.research_done, i.interviewer_count, i.thanked_count`
const summaries = (conditions: string, order: string, limit = '') =>
  `SELECT ${SUMMARY_COLUMNS} FROM interviews i WHERE i.user_id = @userId ${conditions} ORDER BY ${order} ${limit}`

const FILTER_SQL = `
  AND (@company IS NULL OR i.company LIKE '%' || @company || '%' ESCAPE '\\')
  AND (@from IS NULL OR i.starts_at >= @from)
  AND (@until IS NULL OR i.starts_at < @until)
  AND (@status IS NULL
    OR (@status = 'overdue' AND ${STATUS_SQL} = 'awaiting_follow_up' AND ${DEADLINE_SQL} < @now)
    OR ${STATUS_SQL} = @status)`

// Everything still inside its 24 hours is shown (there are rarely many); the long-tail
// sections show the first few and link to the filtered list, which keeps the page short to
// read and cheap to render.
const DASHBOARD_LIMIT = 50
export const DASHBOARD_SECTION_LIMIT = 10

/**
 * The statements of the hot paths, exported so that test/integration/query-plans.test.ts
 * checks the plan of exactly what runs. Each section is a range of one index: open follow-ups
 * by their end (awaiting = ended, within or past the window), upcoming by end after now,
 * finished ones by when they were finished.
 */
export const INTERVIEW_SQL = {
  summary: summaries('AND i.id = @id', 'i.id'),
  list: summaries(FILTER_SQL, 'i.starts_at DESC, i.id DESC', 'LIMIT @limit OFFSET @offset'),
  // A filtered total reads the user's whole list whatever the plan; naming the index keeps
  // it to that user's rows even when statistics say one user owns most of the table.
  count: `SELECT count(*) FROM interviews i INDEXED BY interviews_by_user_start
    WHERE i.user_id = @userId ${FILTER_SQL}`,
  countAll: 'SELECT count(*) FROM interviews WHERE user_id = @userId',
  needsFollowUp: summaries(
    `AND ${OPEN_SQL} AND i.ends_at <= @now AND i.ends_at >= @now - ${FOLLOW_UP_WINDOW_MS}`,
    'i.ends_at ASC, i.id',
    `LIMIT ${DASHBOARD_LIMIT}`,
  ),
  overdue: summaries(
    `AND ${OPEN_SQL} AND i.ends_at < @now - ${FOLLOW_UP_WINDOW_MS}`,
    'i.ends_at DESC, i.id DESC',
    `LIMIT ${DASHBOARD_SECTION_LIMIT + 1}`,
  ),
  // Read in start order from the earliest start that can still be running (no interview
  // lasts longer than MAX_DURATION_MS, checked on every way in), stopping at the limit; the
  // unary + keeps the planner on that order rather than reading every future interview.
  upcoming: summaries(
    `AND i.starts_at > @now - ${MAX_DURATION_MS} AND +i.ends_at > @now
     AND i.outcome NOT IN ('offer', 'rejected', 'withdrawn')`,
    'i.starts_at ASC, i.id',
    `LIMIT ${DASHBOARD_SECTION_LIMIT + 1}`,
  ),
  // The unary + keeps ends_at out of the index choice: the range to read is the finished
  // interviews in order of finishing, not every interview that ended before now.
  recentlyDone: summaries(
    `AND ${DONE_SQL} AND +i.ends_at <= @now`,
    'coalesce(i.follow_up_done_at, i.updated_at) DESC, i.id DESC',
    'LIMIT 10',
  ),
} as const

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)

type Reminders = Pick<RemindersRepository, 'syncForInterview'>

/**
 * Interviews of one user. Every change that moves the follow-up timeline (creation, times,
 * zone, outcome, follow-up state) re-syncs the interview's reminders in the same
 * transaction, so the durable schedule never disagrees with the interview.
 */
export function interviewsRepository(db: Db, reminders: Reminders) {
  const insert = db.prepare(
    `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, location, job_url,
       notes, outcome, created_at, updated_at)
     VALUES (@userId, @company, @role, @kind, @startsAt, @endsAt, @timeZone, @location, @jobUrl,
       @notes, @outcome, @now, @now)
     RETURNING ${RETURNING}`,
  )
  const byId = db.prepare(`SELECT ${INTERVIEW_COLUMNS} FROM interviews i WHERE i.id = ? AND i.user_id = ?`)
  const update = db.prepare(
    `UPDATE interviews SET company = @company, role = @role, kind = @kind, starts_at = @startsAt,
       ends_at = @endsAt, time_zone = @timeZone, location = @location, job_url = @jobUrl, notes = @notes,
       outcome = @outcome, updated_at = @now
     WHERE id = @id AND user_id = @userId
     RETURNING ${RETURNING}`,
  )
  const setFollowUp = db.prepare(
    `UPDATE interviews SET follow_up_state = @state,
       follow_up_done_at = CASE WHEN @state = 'open' THEN NULL ELSE @now END, updated_at = @now
     WHERE id = @id AND user_id = @userId
     RETURNING ${RETURNING}`,
  )
  const remove = db.prepare('DELETE FROM interviews WHERE id = ? AND user_id = ?')
  const summary = db.prepare(INTERVIEW_SQL.summary)
  const list = db.prepare(INTERVIEW_SQL.list)
  const count = db.prepare(INTERVIEW_SQL.count).pluck()
  const countAll = db.prepare(INTERVIEW_SQL.countAll).pluck()
  const needsFollowUp = db.prepare(INTERVIEW_SQL.needsFollowUp)
  const overdue = db.prepare(INTERVIEW_SQL.overdue)
  const upcoming = db.prepare(INTERVIEW_SQL.upcoming)
  const recentlyDone = db.prepare(INTERVIEW_SQL.recentlyDone)

  const filterParams = (filter: InterviewFilter) => ({
    status: filter.status ?? null,
    company: filter.company ? escapeLike(filter.company) : null,
    from: filter.from ?? null,
    until: filter.until ?? null,
  })

  return {
    create: db.transaction((userId: number, data: InterviewData, now: number): Interview => {
      const interview = toInterview(insert.get({ ...data, userId, now }) as InterviewRow)
      reminders.syncForInterview(interview.id, now)
      return interview
    }),

    get(userId: number, id: number): Interview | undefined {
      const row = byId.get(id, userId) as InterviewRow | undefined
      return row ? toInterview(row) : undefined
    },

    summary(userId: number, id: number, now: number): InterviewSummary | undefined {
      const row = summary.get({ userId, id, now }) as SummaryRow | undefined
      return row ? toSummary(row) : undefined
    },

    /** Replaces every editable field; reminders re-sync only when the timeline could have moved. */
    update: db.transaction(
      (userId: number, id: number, data: InterviewData, now: number): Interview | undefined => {
        const before = byId.get(id, userId) as InterviewRow | undefined
        if (!before) return undefined
        const row = update.get({ ...data, id, userId, now }) as InterviewRow
        if (
          before.starts_at !== row.starts_at ||
          before.ends_at !== row.ends_at ||
          before.time_zone !== row.time_zone ||
          before.outcome !== row.outcome
        ) {
          reminders.syncForInterview(id, now)
        }
        return toInterview(row)
      },
    ),

    /** "done" / "not_needed" stop the follow-up (and its reminders); "open" undoes that. */
    setFollowUpState: db.transaction(
      (userId: number, id: number, state: FollowUpState, now: number): Interview | undefined => {
        const before = byId.get(id, userId) as InterviewRow | undefined
        if (!before) return undefined
        if (before.follow_up_state === state) return toInterview(before)
        const row = setFollowUp.get({ state, id, userId, now }) as InterviewRow
        reminders.syncForInterview(id, now)
        return toInterview(row)
      },
    ),

    /** Interviewers, questions, asked questions and reminder rows go with it (ON DELETE CASCADE). */
    remove(userId: number, id: number): boolean {
      return remove.run(id, userId).changes === 1
    },

    list(
      userId: number,
      filter: InterviewFilter,
      page: { limit: number; offset: number },
      now: number,
    ): { items: InterviewSummary[]; total: number } {
      const params = { userId, now, ...filterParams(filter) }
      const items = (list.all({ ...params, ...page }) as SummaryRow[]).map(toSummary)
      const unfiltered =
        params.status === null && params.company === null && params.from === null && params.until === null
      // Without a filter the total is a count of index entries, not an evaluation of every row.
      const total = unfiltered ? countAll.get({ userId }) : count.get(params)
      return { items, total: total as number }
    },

    /** Four fixed queries whatever the number of interviews. */
    dashboard(userId: number, now: number): Dashboard {
      const params = { userId, now }
      const run = (statement: typeof needsFollowUp) => (statement.all(params) as SummaryRow[]).map(toSummary)
      // One row beyond the limit tells whether there is more, without a count query.
      const overdueRows = run(overdue)
      const upcomingRows = run(upcoming)
      return {
        needsFollowUp: run(needsFollowUp),
        overdue: overdueRows.slice(0, DASHBOARD_SECTION_LIMIT),
        upcoming: upcomingRows.slice(0, DASHBOARD_SECTION_LIMIT),
        recentlyDone: run(recentlyDone),
        more: {
          overdue: overdueRows.length > DASHBOARD_SECTION_LIMIT,
          upcoming: upcomingRows.length > DASHBOARD_SECTION_LIMIT,
        },
      }
    },
  }
}

export type InterviewsRepository = ReturnType<typeof interviewsRepository>
