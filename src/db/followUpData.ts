import type { FollowUpQuestion } from '../domain/followUp.js'
import type { FollowUpState, Outcome } from '../domain/interview.js'
import type { Db } from './connection.js'
import { type InterviewerRow, type InterviewRow, parseList } from './rows.js'

/** The interview as the drafts need it; read here so drafts depend on nothing but the tables. */
export interface FollowUpInterview {
  id: number
  company: string
  role: string
  endsAt: number
  timeZone: string
  outcome: Outcome
  followUpState: FollowUpState
  followUpDoneAt: number | null
}

export interface FollowUpInterviewer {
  id: number
  name: string
  title: string
  email: string
  topics: string[]
  thankYouSentAt: number | null
  answersSentAt: number | null
}

export interface FollowUpData {
  interview: FollowUpInterview
  /** In the order they were added: the first one receives unattributed questions. */
  interviewers: FollowUpInterviewer[]
  questions: FollowUpQuestion[]
  /** The user's questions to the interviewers that have an answer recorded, oldest first. */
  asked: { question: string; answer: string }[]
}

/**
 * One interview as its follow-up notes read it: the interview, its interviewers in the order
 * they were added, and the user's own questions with the answer heard. The questions come from
 * the follow-up repository; the drafts service puts the two together.
 */
export function followUpDataRepository(db: Db) {
  const interview = db.prepare(
    `SELECT id, company, role, ends_at, time_zone, outcome, follow_up_state, follow_up_done_at
     FROM interviews WHERE id = ? AND user_id = ?`,
  )
  const interviewers = db.prepare(
    `SELECT id, name, title, email, topics, thank_you_sent_at, answers_sent_at
     FROM interviewers WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
  )
  const asked = db.prepare(
    `SELECT text, answer_heard FROM interview_asked
     WHERE interview_id = ? AND user_id = ? AND trim(answer_heard) <> '' ORDER BY created_at, id`,
  )

  return {
    /** undefined when the interview is not this user's. */
    read(userId: number, interviewId: number): Omit<FollowUpData, 'questions'> | undefined {
      const row = interview.get(interviewId, userId) as
        | Pick<
            InterviewRow,
            | 'id'
            | 'company'
            | 'role'
            | 'ends_at'
            | 'time_zone'
            | 'outcome'
            | 'follow_up_state'
            | 'follow_up_done_at'
          >
        | undefined
      if (!row) return undefined
      const people = interviewers.all(interviewId, userId) as Pick<
        InterviewerRow,
        'id' | 'name' | 'title' | 'email' | 'topics' | 'thank_you_sent_at' | 'answers_sent_at'
      >[]
      return {
        interview: {
          id: row.id,
          company: row.company,
          role: row.role,
          endsAt: row.ends_at,
          timeZone: row.time_zone,
          outcome: row.outcome,
          followUpState: row.follow_up_state,
          followUpDoneAt: row.follow_up_done_at,
        },
        interviewers: people.map((p) => ({
          id: p.id,
          name: p.name,
          title: p.title,
          email: p.email,
          topics: parseList(p.topics),
          thankYouSentAt: p.thank_you_sent_at,
          answersSentAt: p.answers_sent_at,
        })),
        asked: (asked.all(interviewId, userId) as { text: string; answer_heard: string }[]).map((a) => ({
          question: a.text,
          answer: a.answer_heard,
        })),
      }
    },
  }
}

export type FollowUpDataRepository = ReturnType<typeof followUpDataRepository>
