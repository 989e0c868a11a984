import type { FollowUpState, InterviewKind, Outcome } from '../domain/interview.js'

// One row type per table that several repositories read, kept apart from the repositories so
// that a repository needing another's rows never imports that repository (no import circles).

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
