import type { CoachApproval, CoachComment, ReviewRequest } from '../db/coachReviews.js'
import { renderedHash } from '../db/drafts.js'
import type { DraftCheck } from '../domain/draftChecks.js'
import type { DraftKind } from '../domain/drafts.js'

/** The part of the drafts page's view a review touches: each note's text and pre-send checks. */
export interface DraftsPageView {
  interviewers: {
    questions: { id: number; text: string }[]
    unresearched: { id: number; text: string }[]
    drafts: {
      interviewerId: number
      kind: DraftKind
      subject: string
      body: string
      checks: DraftCheck[]
      /** The note can still go out (not sent, queued or covered). */
      canMark: boolean
    }[]
  }[]
}

export interface NoteReview {
  comments: CoachComment[]
  approvals: (CoachApproval & { current: boolean })[]
  request: ReviewRequest | null
}

export interface DraftsReview {
  /** By `${interviewerId}:${kind}`. */
  notes: Record<string, NoteReview>
  /** Comments on researched answers, with the question they are about. */
  answers: { questionId: number; question: string; comments: CoachComment[] }[]
  coaches: string[]
}

export const noteKey = (interviewerId: number, kind: DraftKind) => `${interviewerId}:${kind}`

export const REVIEW_PENDING_MESSAGE =
  'You asked for a review of this note and no coach has answered yet. You can still send it: the decision is yours.'

/**
 * Arranges one interview's review data by note for the drafts page, and adds a pending review
 * request to that note's pre-send checks as a warning (a warning never blocks sending).
 */
export function reviewForDrafts(
  view: DraftsPageView,
  data: {
    comments: CoachComment[]
    approvals: CoachApproval[]
    requests: ReviewRequest[]
    coaches: string[]
  },
): DraftsReview {
  const notes: Record<string, NoteReview> = {}
  const questionText = new Map<number, string>()
  for (const group of view.interviewers) {
    for (const q of [...group.questions, ...group.unresearched]) questionText.set(q.id, q.text)
    for (const d of group.drafts) {
      const key = noteKey(d.interviewerId, d.kind)
      const hash = renderedHash({ subject: d.subject, body: d.body })
      const request =
        data.requests.find((r) => r.interviewerId === d.interviewerId && r.kind === d.kind) ?? null
      notes[key] = {
        comments: data.comments.filter((c) => c.interviewerId === d.interviewerId && c.kind === d.kind),
        approvals: data.approvals
          .filter((a) => a.interviewerId === d.interviewerId && a.kind === d.kind)
          .map((a) => ({ ...a, current: a.textHash === hash })),
        request,
      }
      // Only a note that can still go out has pre-send checks.
      if (request && d.canMark && !d.checks.some((c) => c.code === 'review_pending'))
        d.checks.push({ code: 'review_pending', level: 'warning', message: REVIEW_PENDING_MESSAGE })
    }
  }
  const byQuestion = new Map<number, CoachComment[]>()
  for (const c of data.comments) {
    if (c.questionId === null) continue
    byQuestion.set(c.questionId, [...(byQuestion.get(c.questionId) ?? []), c])
  }
  return {
    notes,
    answers: [...byQuestion].map(([questionId, comments]) => ({
      questionId,
      question: questionText.get(questionId) ?? 'A researched answer',
      comments,
    })),
    coaches: data.coaches,
  }
}
