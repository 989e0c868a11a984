import type { Db } from './connection.js'

export interface ImportSummary {
  interviews: number
  interviewers: number
  questions: number
  asked: number
  askQuestions: number
  drafts: number
  /** Interviews already in the account (same company, role, start and end), left as they were. */
  skippedInterviews: number
}

export type ImportJobState = 'running' | 'done' | 'failed'

export interface ImportJob {
  id: number
  userId: number
  state: ImportJobState
  /** Interviews in the file. */
  total: number
  /** Interviews written to the stand-in account (or skipped) so far. */
  processed: number
  summary: ImportSummary | null
  error: string | null
  createdAt: number
  finishedAt: number | null
}

interface JobRow {
  id: number
  user_id: number
  staging_user_id: number | null
  state: ImportJobState
  total: number
  processed: number
  summary: string | null
  error: string | null
  created_at: number
  finished_at: number | null
}

const COLUMNS =
  'id, user_id, staging_user_id, state, total, processed, summary, error, created_at, finished_at'

const toJob = (row: JobRow): ImportJob => ({
  id: row.id,
  userId: row.user_id,
  state: row.state,
  total: row.total,
  processed: row.processed,
  summary: row.summary === null ? null : (JSON.parse(row.summary) as ImportSummary),
  error: row.error,
  createdAt: row.created_at,
  finishedAt: row.finished_at,
})

/** The import jobs' own rows: state and progress, readable by the user who started them. */
export function importJobsRepository(db: Db) {
  const insert = db
    .prepare(
      `INSERT INTO import_jobs (user_id, staging_user_id, state, total, created_at, updated_at)
       VALUES (?, ?, 'running', ?, ?, ?) RETURNING id`,
    )
    .pluck()
  const byId = db.prepare(`SELECT ${COLUMNS} FROM import_jobs WHERE id = ? AND user_id = ?`)
  const running = db
    .prepare("SELECT id FROM import_jobs WHERE user_id = ? AND state = 'running' ORDER BY id LIMIT 1")
    .pluck()
  const stagingOf = db
    .prepare("SELECT staging_user_id FROM import_jobs WHERE id = ? AND state = 'running'")
    .pluck()
  const progress = db.prepare(
    "UPDATE import_jobs SET processed = ?, updated_at = ? WHERE id = ? AND state = 'running'",
  )
  const finish = db.prepare(
    `UPDATE import_jobs SET state = @state, summary = @summary, error = @error, processed = coalesce(@processed, processed),
       updated_at = @now, finished_at = @now
     WHERE id = @id AND state = 'running'`,
  )
  // A finished job's stand-in is gone (deleting it clears staging_user_id); one still named was
  // being discarded when the process stopped.
  const leftovers = db.prepare(
    `SELECT ${COLUMNS} FROM import_jobs WHERE state = 'running' OR staging_user_id IS NOT NULL ORDER BY id`,
  )

  return {
    create(userId: number, stagingUserId: number, total: number, now: number): number {
      return insert.get(userId, stagingUserId, total, now, now) as number
    },
    get(userId: number, id: number): ImportJob | undefined {
      const row = byId.get(id, userId) as JobRow | undefined
      return row && toJob(row)
    },
    /** The user's import still in progress, if any (one at a time per account). */
    runningId(userId: number): number | undefined {
      return running.get(userId) as number | undefined
    },
    /** The stand-in account of a running job; undefined once the job has finished. */
    stagingUserId(id: number): number | undefined {
      return (stagingOf.get(id) as number | null | undefined) ?? undefined
    },
    progress(id: number, processed: number, now: number): void {
      progress.run(processed, now, id)
    },
    succeed(id: number, summary: ImportSummary, now: number): void {
      finish.run({ id, state: 'done', summary: JSON.stringify(summary), error: null, processed: null, now })
    },
    fail(id: number, error: string, now: number): void {
      finish.run({ id, state: 'failed', summary: null, error, processed: null, now })
    },
    /** Jobs a stopped process left running or with a stand-in account not yet deleted. */
    leftovers(): { id: number; running: boolean; stagingUserId: number | null }[] {
      return (leftovers.all() as JobRow[]).map((row) => ({
        id: row.id,
        running: row.state === 'running',
        stagingUserId: row.staging_user_id,
      }))
    },
  }
}

export type ImportJobsRepository = ReturnType<typeof importJobsRepository>
