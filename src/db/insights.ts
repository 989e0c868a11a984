import type { InsightInterview, InsightInterviewer, InsightQuestion } from '../domain/insights.js'
import type { Confidence, FollowUpState, InterviewKind, Outcome } from '../domain/interview.js'
import type { Db } from './connection.js'

/** The plain rows src/domain/insights.ts computes over: three queries whatever the data size. */
export function insightsRepository(db: Db) {
  const interviews = db.prepare(
    `SELECT id, kind, starts_at, ends_at, outcome, follow_up_state, follow_up_done_at
     FROM interviews WHERE user_id = ? ORDER BY starts_at, id`,
  )
  const interviewers = db.prepare(
    `SELECT interview_id, thank_you_sent_at, answers_sent_at FROM interviewers
     WHERE user_id = ? AND (thank_you_sent_at IS NOT NULL OR answers_sent_at IS NOT NULL)`,
  )
  const questions = db.prepare('SELECT confidence, topics, researched FROM questions WHERE user_id = ?')

  const parseTopics = (json: string): string[] => {
    try {
      const value: unknown = JSON.parse(json)
      return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : []
    } catch {
      return []
    }
  }

  return {
    rows(userId: number): {
      interviews: InsightInterview[]
      interviewers: InsightInterviewer[]
      questions: InsightQuestion[]
    } {
      return {
        interviews: (
          interviews.all(userId) as {
            id: number
            kind: InterviewKind
            starts_at: number
            ends_at: number
            outcome: Outcome
            follow_up_state: FollowUpState
            follow_up_done_at: number | null
          }[]
        ).map((r) => ({
          id: r.id,
          kind: r.kind,
          startsAt: r.starts_at,
          endsAt: r.ends_at,
          outcome: r.outcome,
          followUpState: r.follow_up_state,
          followUpDoneAt: r.follow_up_done_at,
        })),
        interviewers: (
          interviewers.all(userId) as {
            interview_id: number
            thank_you_sent_at: number | null
            answers_sent_at: number | null
          }[]
        ).map((r) => ({
          interviewId: r.interview_id,
          thankYouSentAt: r.thank_you_sent_at,
          answersSentAt: r.answers_sent_at,
        })),
        questions: (
          questions.all(userId) as { confidence: Confidence; topics: string; researched: number }[]
        ).map((r) => ({
          confidence: r.confidence,
          topics: parseTopics(r.topics),
          researched: r.researched === 1,
        })),
      }
    },
  }
}

export type InsightsRepository = ReturnType<typeof insightsRepository>
