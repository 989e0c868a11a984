import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DRAFT_KINDS } from '../../domain/drafts.js'
import { LIMITS } from '../../domain/interviewInput.js'
import type { AccessContext } from '../../services/access.js'
import { COMMENT_MAX, type NoteName } from '../../services/coachReviews.js'
import type { ServiceResult } from '../../services/result.js'
import { settle } from './formSteps.js'
import { ButtonForm, CSRF_FIELD } from './forms.js'
import { IdParams } from './interviewPage.js'

const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
const NoteParams = Type.Object({ id: Id, interviewerId: Id, kind: Type.Enum([...DRAFT_KINDS]) })
const CommentForm = Type.Object({
  body: Type.Optional(Type.String({ maxLength: COMMENT_MAX })),
  suggestion: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  ...CSRF_FIELD,
})

/** Comment and approval are what a linked coach may write; the hook in ./index.ts lets only those through. */
const COMMENT = { comment: true } as const

/**
 * The review forms on the drafts page: a coach comments (with a suggested text) or approves; the
 * candidate applies or dismisses a comment and asks for a review. Each answers with a redirect
 * back to the note.
 */
const coachReviewPages: FastifyPluginAsyncTypebox = async (app) => {
  const reviews = app.services.coachReviews
  const back = (interviewId: number, interviewerId?: number) =>
    `/interviews/${interviewId}/drafts${interviewerId ? `#interviewer-${interviewerId}` : '#coach-review'}`
  const backToComment = (c: { interviewId: number; interviewerId: number | null }) =>
    back(c.interviewId, c.interviewerId ?? undefined)

  /** A one-click form of a note (nothing to fill in): the service's answer, then back to the note. */
  const onNote = <T>(
    action: string,
    act: (access: AccessContext, note: NoteName) => ServiceResult<T>,
    flash: string | ((value: T) => string),
    config?: typeof COMMENT,
  ) =>
    app.post(
      `/interviews/:id/notes/:interviewerId/:kind/${action}`,
      { schema: { params: NoteParams, body: ButtonForm }, ...(config && { config }) },
      async (request, reply) => {
        const { id: interviewId, interviewerId, kind } = request.params
        const result = act(request.access!, { interviewId, interviewerId, kind })
        return settle(request, reply, result, flash, back(interviewId, interviewerId), 303)
      },
    )

  app.post(
    '/interviews/:id/notes/:interviewerId/:kind/comments',
    { schema: { params: NoteParams, body: CommentForm }, config: COMMENT },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      const result = reviews.comment(
        request.access!,
        { interviewId, interviewerId, kind },
        { body: request.body.body ?? '', suggestion: request.body.suggestion ?? null },
      )
      return settle(request, reply, result, 'Comment added.', back(interviewId, interviewerId), 303)
    },
  )

  app.post(
    '/questions/:id/comments',
    { schema: { params: IdParams, body: CommentForm }, config: COMMENT },
    async (request, reply) => {
      const result = reviews.comment(
        request.access!,
        { questionId: request.params.id },
        { body: request.body.body ?? '', suggestion: request.body.suggestion ?? null },
      )
      return settle(request, reply, result, 'Comment added.', (c) => back(c.interviewId), 303)
    },
  )

  onNote('approve', reviews.approve, 'Marked “looks good”.', COMMENT)

  app.post(
    '/coach-comments/:id/apply',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const result = reviews.apply(request.access!, request.params.id)
      return settle(
        request,
        reply,
        result,
        (c) =>
          c.questionId === null
            ? `${c.coachName}’s suggestion is now your text. Read it through before you send.`
            : `${c.coachName}’s suggestion is now your researched answer.`,
        backToComment,
        303,
      )
    },
  )

  app.post(
    '/coach-comments/:id/dismiss',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const result = reviews.dismiss(request.access!, request.params.id)
      return settle(request, reply, result, 'Comment dismissed.', backToComment, 303)
    },
  )

  onNote(
    'review-request',
    reviews.requestReview,
    (r) => `Review requested: ${r.coaches.join(', ')} will hear about it by e-mail.`,
  )
  onNote('review-request/withdraw', reviews.withdrawRequest, 'Review request withdrawn.')
}

export default coachReviewPages
