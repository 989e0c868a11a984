import type { QuestionContent } from '../domain/interviewInput.js'
import type { CardState, CardStateNumber } from '../domain/study.js'
import { type QuestionContentRow, toQuestionContent } from './rows.js'

// What a study card is and the SQL that decides it, shared by the cards repository and the
// study-prep queries: a card is read from its question on every read (see ELIGIBLE).
export type StudyMode = 'auto' | 'include' | 'exclude'

/** A question seen as a card: what to ask, the researched answer, and the card's FSRS state. */
export interface StudyCard extends QuestionContent {
  /** Cards are one per question and named by the question's id everywhere outside this file. */
  questionId: number
  /** The card row's id; null for a new card whose row is written on its first review. */
  cardId: number | null
  mode: StudyMode
  /** In the deck now: researched, not excluded, and missed or shaky (or included by hand). */
  eligible: boolean
  interviewId: number
  company: string
  role: string
  askedAt: number
  timeZone: string
  /** For a new card: a fresh state due when the question was logged. */
  state: CardState
  createdAt: number
}

export interface StudyReviewRow {
  cardId: number
  questionId: number
  rating: number
  reviewedAt: number
  stateBefore: CardStateNumber
  topics: string[]
}

export interface CardRow extends QuestionContentRow {
  question_id: number
  card_id: number | null
  mode: StudyMode | null
  eligible: number
  interview_id: number
  company: string
  role: string
  asked_at: number
  time_zone: string
  question_created_at: number
  card_created_at: number | null
  due: number | null
  stability: number | null
  difficulty: number | null
  elapsed_days: number | null
  scheduled_days: number | null
  learning_steps: number | null
  reps: number | null
  lapses: number | null
  state: CardStateNumber | null
  last_review: number | null
}

export const toCard = (row: CardRow): StudyCard => ({
  questionId: row.question_id,
  cardId: row.card_id,
  mode: row.mode ?? 'auto',
  eligible: row.eligible === 1,
  ...toQuestionContent(row),
  interviewId: row.interview_id,
  company: row.company,
  role: row.role,
  askedAt: row.asked_at,
  timeZone: row.time_zone,
  createdAt: row.card_created_at ?? row.question_created_at,
  state:
    row.card_id === null
      ? {
          due: row.question_created_at,
          stability: 0,
          difficulty: 0,
          elapsedDays: 0,
          scheduledDays: 0,
          learningSteps: 0,
          reps: 0,
          lapses: 0,
          state: 0,
          lastReview: null,
        }
      : {
          due: row.due as number,
          stability: row.stability as number,
          difficulty: row.difficulty as number,
          elapsedDays: row.elapsed_days as number,
          scheduledDays: row.scheduled_days as number,
          learningSteps: row.learning_steps as number,
          reps: row.reps as number,
          lapses: row.lapses as number,
          state: row.state as CardStateNumber,
          lastReview: row.last_review,
        },
})

// Which questions are cards right now; evaluated on every read, so a change to a question's research or
// confidence (or its deletion) shows in the deck at once without any copy to keep in step.
export const ELIGIBLE = `(trim(q.researched_answer) <> '' AND coalesce(c.mode, 'auto') <> 'exclude'
  AND (q.confidence IN ('missed', 'shaky') OR coalesce(c.mode, 'auto') = 'include'))`

export const TOPIC = `(@topic IS NULL OR EXISTS (SELECT 1 FROM json_each(q.topics) t WHERE t.value = @topic COLLATE NOCASE))`

export const FROM = `FROM questions q
  JOIN interviews i ON i.id = q.interview_id AND i.user_id = q.user_id
  LEFT JOIN study_cards c ON c.question_id = q.id AND c.user_id = q.user_id`

export const COLUMNS = `q.id AS question_id, c.id AS card_id, c.mode, ${ELIGIBLE} AS eligible, q.text, q.confidence,
  q.topics, q.my_answer, q.researched_answer, q.sources, q.interview_id, i.company, i.role,
  i.starts_at AS asked_at, i.time_zone, q.created_at AS question_created_at, c.created_at AS card_created_at,
  c.due, c.stability, c.difficulty, c.elapsed_days, c.scheduled_days, c.learning_steps, c.reps, c.lapses,
  c.state, c.last_review`

// A new card is due from the moment its question was logged.
export const DUE = 'coalesce(c.due, q.created_at)'

export const STATE_PARAMS = `@due, @stability, @difficulty, @elapsedDays, @scheduledDays, @learningSteps, @reps,
  @lapses, @state, @lastReview`

/** Cards and reviews of one user; every statement is scoped by user_id. */
