import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { CoachComment } from '../../db/coachReviews.js'
import { DRAFT_KINDS } from '../../domain/drafts.js'
import { LIMITS } from '../../domain/interviewInput.js'
import type { CoachDigestView } from '../../services/coachDigest.js'
import { COMMENT_MAX } from '../../services/coachReviews.js'
import { sendFailure, sendResult } from '../serviceFailure.js'
import { ErrorResponses } from './interviewModels.js'
import { ErrorResponse, IdParams, Instant, iso, isoOrNull, NullableInstant } from './schemas.js'

const Errors = { ...ErrorResponses, 403: ErrorResponse, 409: ErrorResponse }
const Kind = Type.Enum([...DRAFT_KINDS])
const NoteParams = Type.Object({
  id: Type.Integer({ minimum: 1, description: 'The interview' }),
  interviewerId: Type.Integer({ minimum: 1 }),
  kind: Kind,
})

const CommentBody = Type.Object(
  {
    body: Type.String({
      maxLength: COMMENT_MAX,
      description: 'The comment; may be empty when a suggestion is given',
    }),
    suggestion: Type.Optional(
      Type.Union([Type.String({ maxLength: LIMITS.answer }), Type.Null()], {
        description: "A replacement for the note's text (or the researched answer) the candidate can apply",
      }),
    ),
  },
  { additionalProperties: false },
)

const CommentResponse = Type.Object({
  id: Type.Integer(),
  coachName: Type.String(),
  interviewId: Type.Integer(),
  interviewerId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.Union([Kind, Type.Null()]),
  questionId: Type.Union([Type.Integer(), Type.Null()]),
  body: Type.String(),
  suggestion: Type.Union([Type.String(), Type.Null()]),
  state: Type.Enum(['open', 'applied', 'dismissed']),
  resolvedAt: NullableInstant,
  createdAt: Instant,
})

const ReviewResponse = Type.Object({
  comments: Type.Array(CommentResponse),
  approvals: Type.Array(
    Type.Object({ coachName: Type.String(), interviewerId: Type.Integer(), kind: Kind, approvedAt: Instant }),
  ),
  requests: Type.Array(
    Type.Object({ id: Type.Integer(), interviewerId: Type.Integer(), kind: Kind, requestedAt: Instant }),
  ),
  coaches: Type.Array(Type.String(), { description: 'Coaches who can see this debrief' }),
})

const DigestBody = Type.Object(
  {
    enabled: Type.Boolean({ description: 'A daily e-mail about your candidates (on by default)' }),
    time: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description: '"HH:MM" in your time zone; inside quiet hours the digest waits until they end',
    }),
  },
  { additionalProperties: false },
)
const DigestResponse = Type.Object({
  enabled: Type.Boolean(),
  time: Type.String(),
  nextAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the next digest is planned; null when it is off or no candidate shares their debrief',
  }),
})

const commentJson = (c: CoachComment) => ({
  id: c.id,
  coachName: c.coachName,
  interviewId: c.interviewId,
  interviewerId: c.interviewerId,
  kind: c.kind,
  questionId: c.questionId,
  body: c.body,
  suggestion: c.suggestion,
  state: c.state,
  resolvedAt: isoOrNull(c.resolvedAt),
  createdAt: iso(c.createdAt),
})
const digestJson = (d: CoachDigestView) => ({ enabled: d.enabled, time: d.time, nextAt: isoOrNull(d.nextAt) })

/** What a linked coach may write (the tree's write guard lets these through for them). */
const COMMENT = { comment: true } as const

/** Coach review of notes and answers, and the coach's digest setting. */
const coachReviewsApi: FastifyPluginAsyncTypebox = async (app) => {
  const reviews = app.services.coachReviews
  const tags = ['coach review']
  const security = [{ bearerAuth: [] }]

  app.get(
    '/interviews/:id/reviews',
    { schema: { tags, security, params: IdParams, response: { 200: ReviewResponse, ...Errors } } },
    async (request, reply) => {
      const result = reviews.forInterview(request.access!, request.params.id)
      if (!result.ok) return sendFailure(request, reply, result)
      const { comments, approvals, requests, coaches } = result.value
      return {
        comments: comments.map(commentJson),
        approvals: approvals.map((a) => ({
          coachName: a.coachName,
          interviewerId: a.interviewerId,
          kind: a.kind,
          approvedAt: iso(a.createdAt),
        })),
        requests: requests.map((r) => ({
          id: r.id,
          interviewerId: r.interviewerId,
          kind: r.kind,
          requestedAt: iso(r.createdAt),
        })),
        coaches,
      }
    },
  )

  app.post(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/comments',
    {
      config: COMMENT,
      schema: {
        tags,
        security,
        description: 'A linked coach comments on a note, optionally with a suggested text.',
        params: NoteParams,
        body: CommentBody,
        response: { 201: CommentResponse, ...Errors },
      },
    },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      const result = reviews.comment(request.access!, { interviewId, interviewerId, kind }, request.body)
      if (!result.ok) return sendFailure(request, reply, result)
      return reply.code(201).send(commentJson(result.value))
    },
  )

  app.post(
    '/questions/:id/comments',
    {
      config: COMMENT,
      schema: {
        tags,
        security,
        description: 'A linked coach comments on a researched answer, optionally with a suggested answer.',
        params: IdParams,
        body: CommentBody,
        response: { 201: CommentResponse, ...Errors },
      },
    },
    async (request, reply) =>
      sendResult(
        request,
        reply,
        reviews.comment(request.access!, { questionId: request.params.id }, request.body),
        commentJson,
        201,
      ),
  )

  app.put(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/approval',
    {
      config: COMMENT,
      schema: {
        tags,
        security,
        description: 'A linked coach marks the note, as it reads now, "looks good".',
        params: NoteParams,
        response: { 200: Type.Object({ approvedAt: Instant }), ...Errors },
      },
    },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      const result = reviews.approve(request.access!, { interviewId, interviewerId, kind })
      if (!result.ok) return sendFailure(request, reply, result)
      return { approvedAt: iso(result.value.approvedAt) }
    },
  )

  for (const action of ['apply', 'dismiss'] as const) {
    app.post(
      `/coach-comments/:id/${action}`,
      {
        schema: {
          tags,
          security,
          description:
            action === 'apply'
              ? "The candidate applies the comment's suggested text: it becomes their own edit of the note or answer."
              : 'The candidate dismisses the comment.',
          params: IdParams,
          response: { 200: CommentResponse, ...Errors },
        },
      },
      async (request, reply) =>
        sendResult(request, reply, reviews[action](request.access!, request.params.id), commentJson),
    )
  }

  app.post(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/review-request',
    {
      schema: {
        tags,
        security,
        description: 'The candidate asks every linked coach to review the note; each gets an e-mail.',
        params: NoteParams,
        response: {
          201: Type.Object({ requestId: Type.Integer(), coaches: Type.Array(Type.String()) }),
          ...Errors,
        },
      },
    },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      const result = reviews.requestReview(request.access!, { interviewId, interviewerId, kind })
      if (!result.ok) return sendFailure(request, reply, result)
      return reply.code(201).send(result.value)
    },
  )

  app.delete(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/review-request',
    {
      schema: {
        tags,
        security,
        description: 'The candidate withdraws an open review request.',
        params: NoteParams,
        response: { 204: Type.Null(), ...Errors },
      },
    },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      const result = reviews.withdrawRequest(request.access!, { interviewId, interviewerId, kind })
      if (!result.ok) return sendFailure(request, reply, result)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/settings/coach-digest',
    { schema: { tags: ['reminders'], security, response: { 200: DigestResponse, ...Errors } } },
    async (request, reply) =>
      sendResult(request, reply, app.services.coachDigest.get(request.access!), digestJson),
  )

  app.put(
    '/settings/coach-digest',
    {
      schema: {
        tags: ['reminders'],
        security,
        description:
          "Turns the coach's daily digest on or off and sets its time; the next one is planned at once. " +
          'It is sent only on days when a candidate has something due, overdue or waiting for review.',
        body: DigestBody,
        response: { 200: DigestResponse, ...Errors },
      },
    },
    async (request, reply) =>
      sendResult(request, reply, app.services.coachDigest.save(request.access!, request.body), digestJson),
  )
}

export default coachReviewsApi
