import type { InterviewerData } from '../domain/interviewInput.js'
import type { Db } from './connection.js'
import { keyedRows } from './keyedRows.js'
import { type InterviewerRow, mapOne } from './rows.js'

// Its home is rows.ts (no import circles); re-exported for the modules that read it from here.
export type { InterviewerRow }

export interface Interviewer extends InterviewerData {
  id: number
  interviewId: number
  thankYouSentAt: number | null
  answersSentAt: number | null
  createdAt: number
  updatedAt: number
}

export const INTERVIEWER_COLUMNS = `id, interview_id, name, title, email, notes, topics, thank_you_sent_at, answers_sent_at,
  created_at, updated_at`

const toInterviewer = (row: InterviewerRow): Interviewer => ({
  id: row.id,
  interviewId: row.interview_id,
  name: row.name,
  title: row.title,
  email: row.email,
  notes: row.notes,
  topics: JSON.parse(row.topics) as string[],
  thankYouSentAt: row.thank_you_sent_at,
  answersSentAt: row.answers_sent_at,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/**
 * The people met at an interview: SQL only. Who is still to be thanked is read when a
 * reminder is sent, so adding or removing someone does not re-plan reminders. Sent notes are
 * recorded by the interview service, by the same rule as the drafts.
 */
export function interviewersRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO interviewers (user_id, interview_id, name, title, email, notes, topics, created_at, updated_at)
     SELECT @userId, i.id, @name, @title, @email, @notes, @topics, @now, @now
     FROM interviews i WHERE i.id = @interviewId AND i.user_id = @userId
     RETURNING ${INTERVIEWER_COLUMNS}`,
  )
  const byId = db.prepare(`SELECT ${INTERVIEWER_COLUMNS} FROM interviewers WHERE id = ? AND user_id = ?`)
  const forInterview = keyedRows<InterviewerRow>(
    db.prepare(
      `SELECT ${INTERVIEWER_COLUMNS} FROM interviewers WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
    ),
  )
  const update = db.prepare(
    `UPDATE interviewers SET name = @name, title = @title, email = @email, notes = @notes, topics = @topics,
       updated_at = @now
     WHERE id = @id AND user_id = @userId RETURNING ${INTERVIEWER_COLUMNS}`,
  )
  const remove = db.prepare('DELETE FROM interviewers WHERE id = ? AND user_id = ?')

  const get = (userId: number, id: number): Interviewer | undefined => {
    return mapOne(byId.get(id, userId), toInterviewer)
  }

  const params = (data: InterviewerData) => ({ ...data, topics: JSON.stringify(data.topics) })

  return {
    /** undefined when the interview is not this user's. */
    create(userId: number, interviewId: number, data: InterviewerData, now: number): Interviewer | undefined {
      return mapOne(insert.get({ ...params(data), userId, interviewId, now }), toInterviewer)
    },

    get,

    listForInterview(userId: number, interviewId: number): Interviewer[] {
      return forInterview.all(interviewId, userId).map(toInterviewer)
    },

    update(userId: number, id: number, data: InterviewerData, now: number): Interviewer | undefined {
      return mapOne(update.get({ ...params(data), id, userId, now }), toInterviewer)
    },

    /** Questions this person asked stay, no longer attributed to anyone (ON DELETE SET NULL). */
    remove(userId: number, id: number): boolean {
      return remove.run(id, userId).changes === 1
    },
  }
}

export type InterviewersRepository = ReturnType<typeof interviewersRepository>
