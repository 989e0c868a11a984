import type { SentTimes } from '../domain/followUp.js'
import type { InterviewerData } from '../domain/interviewInput.js'
import type { Db } from './connection.js'
import type { FollowUpRepository } from './followUp.js'
import type { RemindersRepository } from './reminders.js'
import type { InterviewerRow } from './rows.js'

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

type Reminders = Pick<RemindersRepository, 'syncForInterview'>

/**
 * The people met at an interview. Adding or removing one changes who still has to be
 * thanked, so those changes re-sync the interview's reminders in the same transaction.
 * Sent notes are recorded through the follow-up repository, the same way the drafts do.
 */
export function interviewersRepository(
  db: Db,
  reminders: Reminders,
  followUp: Pick<FollowUpRepository, 'recordSent'>,
) {
  const insert = db.prepare(
    `INSERT INTO interviewers (user_id, interview_id, name, title, email, notes, topics, created_at, updated_at)
     SELECT @userId, i.id, @name, @title, @email, @notes, @topics, @now, @now
     FROM interviews i WHERE i.id = @interviewId AND i.user_id = @userId
     RETURNING ${INTERVIEWER_COLUMNS}`,
  )
  const byId = db.prepare(`SELECT ${INTERVIEWER_COLUMNS} FROM interviewers WHERE id = ? AND user_id = ?`)
  const forInterview = db.prepare(
    `SELECT ${INTERVIEWER_COLUMNS} FROM interviewers WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
  )
  const update = db.prepare(
    `UPDATE interviewers SET name = @name, title = @title, email = @email, notes = @notes, topics = @topics,
       updated_at = @now
     WHERE id = @id AND user_id = @userId RETURNING ${INTERVIEWER_COLUMNS}`,
  )
  const remove = db
    .prepare('DELETE FROM interviewers WHERE id = ? AND user_id = ? RETURNING interview_id')
    .pluck()

  const get = (userId: number, id: number): Interviewer | undefined => {
    const row = byId.get(id, userId) as InterviewerRow | undefined
    return row ? toInterviewer(row) : undefined
  }

  const markSent =
    (note: keyof SentTimes) =>
    (userId: number, id: number, at: number | null, now: number): Interviewer | undefined =>
      followUp.recordSent(userId, id, { [note]: at }, now) ? get(userId, id) : undefined

  const params = (data: InterviewerData) => ({ ...data, topics: JSON.stringify(data.topics) })

  return {
    /** undefined when the interview is not this user's. */
    create: db.transaction(
      (userId: number, interviewId: number, data: InterviewerData, now: number): Interviewer | undefined => {
        const row = insert.get({ ...params(data), userId, interviewId, now }) as InterviewerRow | undefined
        if (!row) return undefined
        reminders.syncForInterview(interviewId, now)
        return toInterviewer(row)
      },
    ),

    get,

    listForInterview(userId: number, interviewId: number): Interviewer[] {
      return (forInterview.all(interviewId, userId) as InterviewerRow[]).map(toInterviewer)
    },

    update(userId: number, id: number, data: InterviewerData, now: number): Interviewer | undefined {
      const row = update.get({ ...params(data), id, userId, now }) as InterviewerRow | undefined
      return row ? toInterviewer(row) : undefined
    },

    /** Questions this person asked stay, no longer attributed to anyone (ON DELETE SET NULL). */
    remove: db.transaction((userId: number, id: number, now: number): boolean => {
      const interviewId = remove.get(id, userId) as number | undefined
      if (interviewId === undefined) return false
      reminders.syncForInterview(interviewId, now)
      return true
    }),

    /**
     * Records when the thank-you note went out; null undoes it. Completes or reopens the
     * interview's follow-up by the same rule as the drafts page (see domain/followUp.ts).
     */
    markThankYouSent: markSent('thankYouSentAt'),

    /** Records when the answers note went out (null undoes it), settling the follow-up like markThankYouSent. */
    markAnswersSent: markSent('answersSentAt'),
  }
}

export type InterviewersRepository = ReturnType<typeof interviewersRepository>
