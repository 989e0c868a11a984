import type { FollowUpQuestion, InterviewerFollowUp, SentTimes } from '../domain/followUp.js'
import type { Db } from './connection.js'
import type { QuestionRow } from './questions.js'
import { type InterviewerRow, mapOne } from './rows.js'

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

/**
 * What settling a follow-up reads and writes: an interview's questions and interviewers, and
 * an interviewer's sent times. SQL only; the rule that completes or reopens the interview's
 * follow-up (and re-plans its reminders) is the interview service's (src/services/interviews/timeline.ts).
 */
export function followUpRepository(db: Db) {
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

  return {
    questions(userId: number, interviewId: number): FollowUpQuestion[] {
      return (questions.all(interviewId, userId) as FollowUpQuestionRow[]).map((q) => ({
        id: q.id,
        interviewerId: q.interviewer_id,
        text: q.text,
        confidence: q.confidence,
        // researched is derived from the answer (a blank answer is stored empty): a question
        // without one neither goes out nor makes an answer note due.
        researchedAnswer: q.researched === 1 ? q.researched_answer : '',
        sources: JSON.parse(q.sources) as string[],
        includeInFollowUp: q.include_in_follow_up === 1,
      }))
    },

    /** Sent times of every interviewer of the interview, in the order they were added. */
    people(userId: number, interviewId: number): InterviewerFollowUp[] {
      return (people.all(interviewId, userId) as SentRow[]).map(toFollowUp)
    },

    /** The interview an interviewer belongs to; undefined when the interviewer is not this user's. */
    interviewOf(userId: number, interviewerId: number): number | undefined {
      return interviewOf.get(interviewerId, userId) as number | undefined
    },

    sentTimes(userId: number, interviewerId: number): SentTimes | undefined {
      return mapOne(sentTimes.get(interviewerId, userId), toFollowUp)
    },

    writeSent(userId: number, sent: InterviewerFollowUp, now: number): void {
      write.run({ ...sent, userId, now })
    },
  }
}

export type FollowUpRepository = ReturnType<typeof followUpRepository>
