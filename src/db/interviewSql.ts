import type { FollowUpState, InterviewStatus } from '../domain/interview.js'
import { FOLLOW_UP_WINDOW_MS, MAX_DURATION_MS } from '../domain/interview.js'
import type { InterviewData } from '../domain/interviewInput.js'
import type { InterviewRow } from './rows.js'

// The statements, row types and row mappers of interviews; the repository is in interviews.ts.

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

/** What one line of an interview list shows, and all the dashboard reads. */
export type InterviewLine = Pick<
  InterviewSummary,
  | 'id'
  | 'company'
  | 'role'
  | 'kind'
  | 'startsAt'
  | 'endsAt'
  | 'status'
  | 'researchTotal'
  | 'researchDone'
  | 'interviewerCount'
  | 'thankedCount'
>

export interface Dashboard {
  needsFollowUp: InterviewLine[]
  overdue: InterviewLine[]
  upcoming: InterviewLine[]
  recentlyDone: InterviewLine[]
  /** Sections cut at their limit, whose full list is on the interviews page. */
  more: { overdue: boolean; upcoming: boolean }
}

export interface SummaryRow extends InterviewRow {
  status: InterviewStatus
  question_count: number
  research_total: number
  research_done: number
  interviewer_count: number
  thanked_count: number
}

export const INTERVIEW_COLUMNS = `i.id, i.company, i.role, i.kind, i.starts_at, i.ends_at, i.time_zone, i.location, i.job_url,
  i.notes, i.outcome, i.follow_up_state, i.follow_up_done_at, i.created_at, i.updated_at`
export const INTERVIEW_RETURNING = INTERVIEW_COLUMNS.replaceAll('i.', '')

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
export const toSummary = (row: SummaryRow): InterviewSummary =>
  Object.assign(toInterview(row), {
    status: row.status,
    questionCount: row.question_count,
    researchTotal: row.research_total,
    researchDone: row.research_done,
    interviewerCount: row.interviewer_count,
    thankedCount: row.thanked_count,
  })

// Must agree with interviewStatus() and followUpOwed() in src/domain/interview.ts; a test compares the two.
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
const summaries = (conditions: string, order: string, limit = '', columns = SUMMARY_COLUMNS) =>
  `SELECT ${columns} FROM interviews i WHERE i.user_id = @userId ${conditions} ORDER BY ${order} ${limit}`

// Named as InterviewLine names them, so the rows need no mapper (read through keyedRows).
const LINE_COLUMNS = `i.id, i.company, i.role, i.kind, i.starts_at AS startsAt, i.ends_at AS endsAt,
  ${STATUS_SQL} AS status, i.research_total AS researchTotal, i.research_done AS researchDone,
  i.interviewer_count AS interviewerCount, i.thanked_count AS thankedCount`
const lines = (conditions: string, order: string, limit: string) =>
  summaries(conditions, order, limit, LINE_COLUMNS)

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
  // The limit is written in (see limitedStatements.ts); one statement per page size.
  list: (limit: number) =>
    summaries(FILTER_SQL, 'i.starts_at DESC, i.id DESC', `LIMIT ${limit} OFFSET @offset`),
  // A filtered total reads the user's whole list whatever the plan; naming the index keeps
  // it to that user's rows even when statistics say one user owns most of the table.
  count: `SELECT count(*) FROM interviews i INDEXED BY interviews_by_user_start
    WHERE i.user_id = @userId ${FILTER_SQL}`,
  // Kept by triggers (0021_interview_counts.sql).
  countAll: 'SELECT interview_count FROM users WHERE id = @userId',
  needsFollowUp: lines(
    `AND ${OPEN_SQL} AND i.ends_at <= @now AND i.ends_at >= @now - ${FOLLOW_UP_WINDOW_MS}`,
    'i.ends_at ASC, i.id',
    `LIMIT ${DASHBOARD_LIMIT}`,
  ),
  overdue: lines(
    `AND ${OPEN_SQL} AND i.ends_at < @now - ${FOLLOW_UP_WINDOW_MS}`,
    'i.ends_at DESC, i.id DESC',
    `LIMIT ${DASHBOARD_SECTION_LIMIT + 1}`,
  ),
  // Read in start order from the earliest start that can still be running (no interview
  // lasts longer than MAX_DURATION_MS, checked on every way in), stopping at the limit; the
  // unary + keeps the planner on that order rather than reading every future interview.
  upcoming: lines(
    `AND i.starts_at > @now - ${MAX_DURATION_MS} AND +i.ends_at > @now
     AND i.outcome NOT IN ('offer', 'rejected', 'withdrawn')`,
    'i.starts_at ASC, i.id',
    `LIMIT ${DASHBOARD_SECTION_LIMIT + 1}`,
  ),
  // The unary + keeps ends_at out of the index choice: the range to read is the finished
  // interviews in order of finishing, not every interview that ended before now.
  recentlyDone: lines(
    `AND ${DONE_SQL} AND +i.ends_at <= @now`,
    'coalesce(i.follow_up_done_at, i.updated_at) DESC, i.id DESC',
    'LIMIT 10',
  ),
} as const

export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`)
