import {
  changeSentNotes,
  type FollowUpQuestion,
  type InterviewerFollowUp,
  type SentChange,
  type SentTimes,
} from '../domain/followUp.js'
import type { Db } from './connection.js'
import type { InterviewsRepository } from './interviews.js'
import type { QuestionRow } from './questions.js'
import type { InterviewerRow } from './rows.js'

type FollowUpQuestionRow = Pick<
  QuestionRow,
  | 'id'
  | 'interviewer_id'
  | 'text'
  | 'confidence'
  | 'researched_answer'
  | 'sources'
  | 'researched'
  | 'include_in_follow_up'
>

type SentRow = Pick<InterviewerRow, 'id' | 'thank_you_sent_at' | 'answers_sent_at'>

const toFollowUp = (row: SentRow): InterviewerFollowUp => ({
  id: row.id,
  thankYouSentAt: row.thank_you_sent_at,
  answersSentAt: row.answers_sent_at,
})

/** One interview's questions and interviewers: searches of questions_of_interview and interviewers_of_interview. */
export const FOLLOW_UP_SQL = {
  questions: `SELECT id, interviewer_id, text, confidence, researched_answer, sources, researched, include_in_follow_up
     FROM questions WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
  // Ordered as they were added: the first one receives the questions nobody in particular asked.
  people: `SELECT id, thank_you_sent_at, answers_sent_at FROM interviewers
     WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
} as const

type Interviews = Pick<InterviewsRepository, 'get' | 'setFollowUpState'>

/**
 * The one place that records an interviewer's notes as sent or not, whichever page it comes
 * from, and moves the interview's follow-up accordingly. The state change goes through the
 * interviews repository, so its reminders re-plan in the same transaction.
 */
export function followUpRepository(db: Db, interviews: Interviews) {
  const questions = db.prepare(FOLLOW_UP_SQL.questions)
  const people = db.prepare(FOLLOW_UP_SQL.people)
  const interviewOf = db.prepare('SELECT interview_id FROM interviewers WHERE id = ? AND user_id = ?').pluck()
  const sentTimes = db.prepare(
    'SELECT id, thank_you_sent_at, answers_sent_at FROM interviewers WHERE id = ? AND user_id = ?',
  )
  const write = db.prepare(
    `UPDATE interviewers SET thank_you_sent_at = @thankYouSentAt, answers_sent_at = @answersSentAt,
       updated_at = @now
     WHERE id = @id AND user_id = @userId`,
  )

  const questionsOf = (userId: number, interviewId: number): FollowUpQuestion[] =>
    (questions.all(interviewId, userId) as FollowUpQuestionRow[]).map((q) => ({
      id: q.id,
      interviewerId: q.interviewer_id,
      text: q.text,
      confidence: q.confidence,
      // A researched answer counts only once the user marked the research done: a
      // half-written answer must neither go out nor make an answer note due.
      researchedAnswer: q.researched === 1 ? q.researched_answer : '',
      sources: JSON.parse(q.sources) as string[],
      includeInFollowUp: q.include_in_follow_up === 1,
    }))

  return {
    questions: questionsOf,

    sentTimes(userId: number, interviewerId: number): SentTimes | undefined {
      const row = sentTimes.get(interviewerId, userId) as SentRow | undefined
      return row ? toFollowUp(row) : undefined
    },

    /**
     * Sets or clears an interviewer's sent times, then completes or reopens the interview's
     * follow-up as changeSentNotes decides. false when the interviewer is not this user's.
     */
    recordSent: db.transaction(
      (userId: number, interviewerId: number, change: SentChange, now: number): boolean => {
        const interviewId = interviewOf.get(interviewerId, userId) as number | undefined
        if (interviewId === undefined) return false
        const interview = interviews.get(userId, interviewId)
        if (!interview) return false
        const settled = changeSentNotes(
          {
            state: interview.followUpState,
            interviewers: (people.all(interviewId, userId) as SentRow[]).map(toFollowUp),
            questions: questionsOf(userId, interviewId),
          },
          interviewerId,
          change,
        )
        if (!settled) return false
        write.run({ ...settled.interviewer, userId, now })
        if (settled.state !== interview.followUpState) {
          interviews.setFollowUpState(userId, interviewId, settled.state, now)
        }
        return true
      },
    ),
  }
}

export type FollowUpRepository = ReturnType<typeof followUpRepository>
