// The shapes of coaches' comments, approvals and review requests, and the mapping of a comment row.
import type { DraftKind } from '../domain/drafts.js'

export type CommentState = 'open' | 'applied' | 'dismissed'

/** A note is named by its interview, interviewer and kind (stored or not yet), an answer by its question. */
export type ReviewTarget =
  | { interviewId: number; interviewerId: number; kind: DraftKind }
  | { questionId: number }

export interface CoachComment {
  id: number
  coachId: number | null
  coachName: string
  interviewId: number
  interviewerId: number | null
  kind: DraftKind | null
  questionId: number | null
  body: string
  suggestion: string | null
  state: CommentState
  resolvedAt: number | null
  createdAt: number
}

export interface CoachApproval {
  coachId: number
  coachName: string
  interviewerId: number
  kind: DraftKind
  textHash: string
  createdAt: number
}

export interface ReviewRequest {
  id: number
  interviewId: number
  interviewerId: number
  kind: DraftKind
  createdAt: number
}

/** What a review-request notice says, read when it is sent. */
export interface ReviewRequestNotice {
  state: 'open' | 'answered' | 'withdrawn'
  candidateName: string
  company: string
  role: string
  interviewId: number
  interviewerName: string
  kind: DraftKind
  /** The coach is still linked to the candidate. */
  linked: boolean
}

export interface CommentRow {
  id: number
  coach_id: number | null
  coach_name: string
  interview_id: number
  interviewer_id: number | null
  kind: DraftKind | null
  question_id: number | null
  body: string
  suggestion: string | null
  state: CommentState
  resolved_at: number | null
  created_at: number
}

export const COMMENT_COLUMNS = `c.id, c.coach_id, c.coach_name, c.interview_id, c.interviewer_id, c.kind, c.question_id, c.body,
  c.suggestion, c.state, c.resolved_at, c.created_at`

export const toComment = (row: CommentRow): CoachComment => ({
  id: row.id,
  coachId: row.coach_id,
  coachName: row.coach_name,
  interviewId: row.interview_id,
  interviewerId: row.interviewer_id,
  kind: row.kind,
  questionId: row.question_id,
  body: row.body,
  suggestion: row.suggestion,
  state: row.state,
  resolvedAt: row.resolved_at,
  createdAt: row.created_at,
})

/**
 * Coach comments, approvals and review requests on a candidate's notes and answers. Every query
 * is scoped by the candidate's id (user_id); a target is checked to be the candidate's in the
 * same statement that writes against it.
 */
