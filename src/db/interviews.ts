import type { FollowUpState } from '../domain/interview.js'
import type { InterviewData } from '../domain/interviewInput.js'
import type { Db } from './connection.js'
import {
  DASHBOARD_SECTION_LIMIT,
  type Dashboard,
  escapeLike,
  INTERVIEW_COLUMNS,
  INTERVIEW_RETURNING,
  INTERVIEW_SQL,
  type Interview,
  type InterviewFilter,
  type InterviewLine,
  type InterviewSummary,
  type SummaryRow,
  toInterview,
  toSummary,
} from './interviewSql.js'
import { keyedRows } from './keyedRows.js'
import { byLimit } from './limitedStatements.js'
import { type InterviewRow, mapOne } from './rows.js'

// Their homes are rows.ts and interviewSql.ts; re-exported for the modules that read them from here.
export type { InterviewRow }
export {
  DASHBOARD_SECTION_LIMIT,
  type Dashboard,
  INTERVIEW_COLUMNS,
  INTERVIEW_SQL,
  type Interview,
  type InterviewFilter,
  type InterviewLine,
  type InterviewSummary,
  toInterview,
}

/**
 * Interviews of one user: SQL only. A change that moves the follow-up timeline (creation,
 * times, zone, outcome, follow-up state) must re-plan the interview's reminders in the same
 * transaction; the interview service does both (src/services/interviews/timeline.ts).
 */
export function interviewsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, location, job_url,
       notes, outcome, created_at, updated_at)
     VALUES (@userId, @company, @role, @kind, @startsAt, @endsAt, @timeZone, @location, @jobUrl,
       @notes, @outcome, @now, @now)
     RETURNING ${INTERVIEW_RETURNING}`,
  )
  const byId = db.prepare(`SELECT ${INTERVIEW_COLUMNS} FROM interviews i WHERE i.id = ? AND i.user_id = ?`)
  const update = db.prepare(
    `UPDATE interviews SET company = @company, role = @role, kind = @kind, starts_at = @startsAt,
       ends_at = @endsAt, time_zone = @timeZone, location = @location, job_url = @jobUrl, notes = @notes,
       outcome = @outcome, updated_at = @now
     WHERE id = @id AND user_id = @userId
     RETURNING ${INTERVIEW_RETURNING}`,
  )
  const setFollowUp = db.prepare(
    `UPDATE interviews SET follow_up_state = @state,
       follow_up_done_at = CASE WHEN @state = 'open' THEN NULL ELSE @now END, updated_at = @now
     WHERE id = @id AND user_id = @userId
     RETURNING ${INTERVIEW_RETURNING}`,
  )
  const remove = db.prepare('DELETE FROM interviews WHERE id = ? AND user_id = ?')
  const summary = keyedRows<SummaryRow>(db.prepare(INTERVIEW_SQL.summary))
  const list = byLimit((limit) => keyedRows<SummaryRow>(db.prepare(INTERVIEW_SQL.list(limit))))
  const count = db.prepare(INTERVIEW_SQL.count).pluck()
  const countAll = db.prepare(INTERVIEW_SQL.countAll).pluck()
  const needsFollowUp = keyedRows<InterviewLine>(db.prepare(INTERVIEW_SQL.needsFollowUp))
  const overdue = keyedRows<InterviewLine>(db.prepare(INTERVIEW_SQL.overdue))
  const upcoming = keyedRows<InterviewLine>(db.prepare(INTERVIEW_SQL.upcoming))
  const recentlyDone = keyedRows<InterviewLine>(db.prepare(INTERVIEW_SQL.recentlyDone))

  const filterParams = (filter: InterviewFilter) => ({
    status: filter.status ?? null,
    company: filter.company ? escapeLike(filter.company) : null,
    from: filter.from ?? null,
    until: filter.until ?? null,
  })

  return {
    insert(userId: number, data: InterviewData, now: number): Interview {
      return toInterview(insert.get({ ...data, userId, now }) as InterviewRow)
    },

    get(userId: number, id: number): Interview | undefined {
      return mapOne(byId.get(id, userId), toInterview)
    },

    summary(userId: number, id: number, now: number): InterviewSummary | undefined {
      return mapOne(summary.get({ userId, id, now }), toSummary)
    },

    /** Replaces every editable field. */
    write(userId: number, id: number, data: InterviewData, now: number): Interview | undefined {
      return mapOne(update.get({ ...data, id, userId, now }), toInterview)
    },

    /** "done" / "not_needed" record when the follow-up was settled; "open" clears that. */
    writeFollowUpState(userId: number, id: number, state: FollowUpState, now: number): Interview | undefined {
      return mapOne(setFollowUp.get({ state, id, userId, now }), toInterview)
    },

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
      const items = list(page.limit)
        .all({ ...params, offset: page.offset })
        .map(toSummary)
      const unfiltered =
        params.status === null && params.company === null && params.from === null && params.until === null
      // Without a filter the total is the user's stored count; with one, an evaluation of their rows.
      const total = unfiltered ? countAll.get({ userId }) : count.get(params)
      return { items, total: total as number }
    },

    /** Four fixed queries whatever the number of interviews. */
    dashboard(userId: number, now: number): Dashboard {
      const params = { userId, now }
      const run = (statement: typeof needsFollowUp) => statement.all(params)
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
