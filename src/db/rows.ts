import type { Confidence, FollowUpState, InterviewKind, Outcome } from '../domain/interview.js'
import type { QuestionContent } from '../domain/interviewInput.js'

// The row types and row readers that several repositories share, kept apart from the
// repositories so that a repository needing another's rows never imports that repository (no
// import circles).

/** A row of `interviews`. */
export interface InterviewRow {
  id: number
  company: string
  role: string
  kind: InterviewKind
  starts_at: number
  ends_at: number
  time_zone: string
  location: string
  job_url: string
  notes: string
  outcome: Outcome
  follow_up_state: FollowUpState
  follow_up_done_at: number | null
  created_at: number
  updated_at: number
}

/** A row of `interviewers`. */
export interface InterviewerRow {
  id: number
  interview_id: number
  name: string
  title: string
  email: string
  notes: string
  topics: string
  thank_you_sent_at: number | null
  answers_sent_at: number | null
  created_at: number
  updated_at: number
}

/** The columns of `questions` that hold what was asked and its answers, as every reader of a question selects them. */
export interface QuestionContentRow {
  text: string
  confidence: Confidence
  topics: string
  my_answer: string
  researched_answer: string
  sources: string
}

/** A stored JSON list of strings, read leniently so that one damaged value cannot break a whole page or export. */
export const parseList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** A question's content as the study cards, the export and the CSV read it (tags and sources read leniently). */
export const toQuestionContent = (row: QuestionContentRow): QuestionContent => ({
  text: row.text,
  confidence: row.confidence,
  topics: parseList(row.topics),
  myAnswer: row.my_answer,
  researchedAnswer: row.researched_answer,
  sources: parseList(row.sources),
})

/** The row a statement's `get` found, mapped; undefined when it found none. */
export const mapOne = <R, T>(row: unknown, map: (row: R) => T): T | undefined =>
  row === undefined ? undefined : map(row as R)
