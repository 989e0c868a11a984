import type { Clock } from '../clock.js'
import type { CoachComment, CoachReviewsRepository, ReviewTarget } from '../db/coachReviews.js'
import type { Db } from '../db/connection.js'
import { renderedHash } from '../db/drafts.js'
import type { QuestionsRepository } from '../db/questions.js'
import type { UsersRepository } from '../db/users.js'
import { DRAFT_KIND_LABELS, type DraftKind } from '../domain/drafts.js'
import { checkQuestion, LIMITS } from '../domain/interviewInput.js'
import type { AccessContext } from './access.js'
import { READ_ONLY_MESSAGE } from './access.js'
import { type DraftsPageView, type DraftsReview, reviewForDrafts } from './coachReviewDrafts.js'
import {
  conflict,
  forbidden,
  invalid,
  notFound,
  ok,
  type ServiceFailure,
  type ServiceResult,
} from './result.js'

/** One of the candidate's notes, named whether or not it was stored yet. */
export interface NoteName {
  interviewId: number
  interviewerId: number
  kind: DraftKind
}

/** A note as the drafts code shows it: the text the candidate would send now. */
interface NoteText {
  subject: string
  body: string
}

/**
 * The two draft operations a review needs, as the drafts code offers them: reading a note and
 * the candidate's own edit of it. Applying a suggestion goes through that edit, so it behaves
 * exactly like the candidate typing the text (a sent or queued note is refused the same way).
 */
export interface DraftsForReview {
  get(access: AccessContext, ref: NoteName): ServiceResult<NoteText>
  edit(access: AccessContext, ref: NoteName, text: NoteText): ServiceResult<unknown>
}

export interface CoachReviewDeps {
  db: Db
  repos: {
    coachReviews: CoachReviewsRepository
    users: Pick<UsersRepository, 'findById'>
    questions: Pick<QuestionsRepository, 'get' | 'update'>
  }
  drafts: DraftsForReview
  clock: Clock
}

export const COMMENT_MAX = 4000
const NO_NOTE = 'There is no such note. Its interview or interviewer may have been deleted.'
const NO_QUESTION = 'There is no such question. It may have been deleted.'
const NO_COMMENT = 'There is no such comment. Its note or question may have been deleted.'
const COACH_ONLY =
  'Only a coach the candidate invited can comment on or approve a note; you can edit your own notes instead.'

class Rollback extends Error {
  constructor(readonly failure: ServiceFailure) {
    super(failure.message)
  }
}

/**
 * Review of a candidate's follow-up by the coaches they linked: comments (with a suggested text
 * the candidate applies or dismisses), "looks good" approvals, and the candidate's requests for
 * a review. A coach's every call checks the link again, so revoking takes effect at once.
 */
export function coachReviewService(deps: CoachReviewDeps) {
  const { repos, clock } = deps
  const reviews = repos.coachReviews

  /** A coach acting on a candidate they are linked to; anyone else is told the data does not exist. */
  function asCoach(
    access: AccessContext,
    target: ReviewTarget,
  ): ServiceFailure | { id: number; name: string } {
    const missing = notFound('questionId' in target ? NO_QUESTION : NO_NOTE)
    if (access.role !== 'coach' || !access.mayComment)
      return reviews.targetInterview(access.ownerId, target) === undefined ? missing : forbidden(COACH_ONLY)
    if (!reviews.isLinked(access.ownerId, access.actorId)) return missing
    const coach = repos.users.findById(access.actorId)
    return coach ? { id: coach.id, name: coach.name } : notFound(NO_NOTE)
  }

  /** Reads: the owner, or a coach still linked to them. */
  const mayRead = (access: AccessContext) =>
    access.role === 'owner'
      ? access.actorId === access.ownerId
      : reviews.isLinked(access.ownerId, access.actorId)

  function checkText(body: string, suggestion: string | null | undefined, suggestionMax: number) {
    const fields: Record<string, string> = {}
    const text = body.trim()
    if (text === '' && !suggestion?.trim()) fields.body = 'write a comment or a suggested text'
    if (text.length > COMMENT_MAX) fields.body = `must be at most ${COMMENT_MAX} characters`
    const suggested = suggestion?.replace(/\r\n?/g, '\n') ?? ''
    if (suggested.length > suggestionMax) fields.suggestion = `must be at most ${suggestionMax} characters`
    return Object.keys(fields).length > 0
      ? invalid(fields, 'The comment needs some text.')
      : { body: text, suggestion: suggested.trim() === '' ? null : suggested }
  }

  return {
    /** A linked coach comments on a note or a researched answer, optionally with a suggested text. */
    comment(
      access: AccessContext,
      target: ReviewTarget,
      input: { body: string; suggestion?: string | null },
    ): ServiceResult<CoachComment> {
      const coach = asCoach(access, target)
      if ('ok' in coach) return coach
      const interviewId = reviews.targetInterview(access.ownerId, target)
      if (interviewId === undefined) return notFound('questionId' in target ? NO_QUESTION : NO_NOTE)
      const text = checkText(input.body, input.suggestion, LIMITS.answer)
      if ('ok' in text) return text
      const id = reviews.addComment(access.ownerId, coach, interviewId, target, text, clock.now())
      return ok(reviews.comment(access.ownerId, id)!)
    },

    /** A linked coach marks the note, as it reads now, "looks good". */
    approve(access: AccessContext, note: NoteName): ServiceResult<{ approvedAt: number }> {
      const coach = asCoach(access, note)
      if ('ok' in coach) return coach
      const current = deps.drafts.get(access, note)
      if (!current.ok || reviews.targetInterview(access.ownerId, note) === undefined) return notFound(NO_NOTE)
      const now = clock.now()
      reviews.approve(access.ownerId, coach.id, note, renderedHash(current.value), now)
      return ok({ approvedAt: now })
    },

    /**
     * The candidate applies a suggestion: it becomes their own edit of the note (through the drafts'
     * edit) or of the researched answer (through the same checks and save as the research form).
     */
    apply(access: AccessContext, commentId: number): ServiceResult<CoachComment> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const comment = reviews.comment(access.ownerId, commentId)
      if (!comment) return notFound(NO_COMMENT)
      if (comment.suggestion === null)
        return conflict('This comment has no suggested text to apply. Dismiss it once you have read it.')
      if (comment.state !== 'open') return conflict(`This comment was already ${comment.state}.`)
      const suggestion = comment.suggestion
      try {
        deps.db.transaction(() => {
          const now = clock.now()
          if (!reviews.resolve(access.ownerId, commentId, 'applied', now))
            throw new Rollback(conflict('This comment was already resolved.'))
          if (comment.questionId !== null) {
            const question = repos.questions.get(access.ownerId, comment.questionId)
            if (!question) throw new Rollback(notFound(NO_QUESTION))
            const checked = checkQuestion({ ...question, researchedAnswer: suggestion })
            if (!checked.ok) throw new Rollback(invalid(checked.problems))
            if (!repos.questions.update(access.ownerId, question.id, checked.value, now))
              throw new Rollback(notFound(NO_QUESTION))
            return
          }
          const note = {
            interviewId: comment.interviewId,
            interviewerId: comment.interviewerId!,
            kind: comment.kind!,
          }
          const current = deps.drafts.get(access, note)
          if (!current.ok) throw new Rollback(notFound(NO_NOTE))
          const edited = deps.drafts.edit(access, note, {
            subject: current.value.subject,
            body: suggestion,
          })
          if (!edited.ok) throw new Rollback(edited)
        })()
      } catch (error) {
        if (error instanceof Rollback) return error.failure
        throw error
      }
      return ok(reviews.comment(access.ownerId, commentId)!)
    },

    dismiss(access: AccessContext, commentId: number): ServiceResult<CoachComment> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const comment = reviews.comment(access.ownerId, commentId)
      if (!comment) return notFound(NO_COMMENT)
      if (!reviews.resolve(access.ownerId, commentId, 'dismissed', clock.now()))
        return conflict(`This comment was already ${comment.state}.`)
      return ok(reviews.comment(access.ownerId, commentId)!)
    },

    /** The candidate asks every linked coach to review a note; each is notified once. */
    requestReview(
      access: AccessContext,
      note: NoteName,
    ): ServiceResult<{ requestId: number; coaches: string[] }> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      if (reviews.targetInterview(access.ownerId, note) === undefined) return notFound(NO_NOTE)
      const coaches = reviews.coachesOf(access.ownerId)
      if (coaches.length === 0)
        return conflict('No coach has access to your debrief yet. Invite one under Settings → Coach first.')
      const opened = reviews.requestReview(access.ownerId, note, clock.now())
      if (!opened)
        return conflict(
          `You already asked for a review of this ${DRAFT_KIND_LABELS[note.kind].toLowerCase()}.`,
        )
      return ok({ requestId: opened.requestId, coaches: coaches.map((c) => c.name) })
    },

    withdrawRequest(access: AccessContext, note: NoteName): ServiceResult<{ withdrawn: true }> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      if (!reviews.withdrawRequest(access.ownerId, note, clock.now()))
        return notFound('There is no open review request for this note.')
      return ok({ withdrawn: true })
    },

    /** Comments, approvals and open requests of one interview, for its owner or a linked coach. */
    forInterview(access: AccessContext, interviewId: number) {
      if (!mayRead(access) || !reviews.hasInterview(access.ownerId, interviewId))
        return notFound('There is no such interview. It may have been deleted.')
      return ok({
        ...reviews.forInterview(access.ownerId, interviewId),
        coaches: reviews.coachesOf(access.ownerId).map((c) => c.name),
      })
    },

    /**
     * The drafts page's review data, by note, with what the actor may do; a pending request is
     * added to its note's pre-send checks as a warning. null for an actor who may not read it.
     */
    forDraftsPage(
      access: AccessContext,
      interviewId: number,
      view: DraftsPageView,
    ): (DraftsReview & { canComment: boolean; canResolve: boolean }) | null {
      if (!mayRead(access)) return null
      const data = {
        ...reviews.forInterview(access.ownerId, interviewId),
        coaches: reviews.coachesOf(access.ownerId).map((c) => c.name),
      }
      return {
        ...reviewForDrafts(view, data),
        canComment: access.mayComment && access.role === 'coach',
        canResolve: access.mayWrite,
      }
    },

    forQuestion(access: AccessContext, questionId: number): ServiceResult<CoachComment[]> {
      if (!mayRead(access)) return notFound(NO_QUESTION)
      if (repos.questions.get(access.ownerId, questionId) === undefined) return notFound(NO_QUESTION)
      return ok(reviews.forQuestion(access.ownerId, questionId))
    },
  }
}

export type CoachReviewService = ReturnType<typeof coachReviewService>
