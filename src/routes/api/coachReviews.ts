import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type TSchema, Type } from 'typebox'
import type { CoachComment } from '../../db/coachReviews.js'
import { DRAFT_KINDS } from '../../domain/drafts.js'
import { LIMITS } from '../../domain/interviewInput.js'
import type { CoachDigestView } from '../../services/coachDigest.js'
import { COMMENT_MAX } from '../../services/coachReviews.js'
import { sendFailure } from '../serviceFailure.js'
import { answer, answerRemoved } from './answer.js'
import { noteOf } from './draftModels.js'
import {
  answers,
  bearerSecurity,
  IdParams,
  Instant,
  iso,
  isoOrNull,
  NullableInstant,
  RefusalErrors,
} from './schemas.js'

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
  // Every route here can also be refused (not a linked coach) or conflict with what the note is now.
  const schemaOf = <C extends number, S extends TSchema, E extends object = Record<never, never>>(
    status: C,
    response: S,
    schema = {} as E,
  ) => ({ tags, security: bearerSecurity, ...schema, response: answers(status, response, RefusalErrors) })

  app.get(
    '/interviews/:id/reviews',
    { schema: schemaOf(200, ReviewResponse, { params: IdParams }) },
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
      schema: schemaOf(201, CommentResponse, {
        description: 'A linked coach comments on a note, optionally with a suggested text.',
        params: NoteParams,
        body: CommentBody,
      }),
    },
    async (request, reply) =>
      answer(reply, reviews.comment(request.access!, noteOf(request.params), request.body), commentJson, 201),
  )

  app.post(
    '/questions/:id/comments',
    {
      config: COMMENT,
      schema: schemaOf(201, CommentResponse, {
        description: 'A linked coach comments on a researched answer, optionally with a suggested answer.',
        params: IdParams,
        body: CommentBody,
      }),
    },
    async (request, reply) => {
      const result = reviews.comment(request.access!, { questionId: request.params.id }, request.body)
      return answer(reply, result, commentJson, 201)
    },
  )

  app.put(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/approval',
    {
      config: COMMENT,
      schema: schemaOf(200, Type.Object({ approvedAt: Instant }), {
        description: 'A linked coach marks the note, as it reads now, "looks good".',
        params: NoteParams,
      }),
    },
    async (request, reply) =>
      answer(reply, reviews.approve(request.access!, noteOf(request.params)), ({ approvedAt }) => ({
        approvedAt: iso(approvedAt),
      })),
  )

  for (const action of ['apply', 'dismiss'] as const) {
    app.post(
      `/coach-comments/:id/${action}`,
      {
        schema: schemaOf(200, CommentResponse, {
          description:
            action === 'apply'
              ? "The candidate applies the comment's suggested text: it becomes their own edit of the note or answer."
              : 'The candidate dismisses the comment.',
          params: IdParams,
        }),
      },
      async (request, reply) =>
        answer(reply, reviews[action](request.access!, request.params.id), commentJson),
    )
  }

  app.post(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/review-request',
    {
      schema: schemaOf(201, Type.Object({ requestId: Type.Integer(), coaches: Type.Array(Type.String()) }), {
        description: 'The candidate asks every linked coach to review the note; each gets an e-mail.',
        params: NoteParams,
      }),
    },
    async (request, reply) =>
      answer(reply, reviews.requestReview(request.access!, noteOf(request.params)), (made) => made, 201),
  )

  app.delete(
    '/interviews/:id/interviewers/:interviewerId/notes/:kind/review-request',
    {
      schema: schemaOf(204, Type.Null(), {
        description: 'The candidate withdraws an open review request.',
        params: NoteParams,
      }),
    },
    async (request, reply) =>
      answerRemoved(reply, reviews.withdrawRequest(request.access!, noteOf(request.params))),
  )

  app.get(
    '/settings/coach-digest',
    { schema: schemaOf(200, DigestResponse, { tags: ['reminders'] }) },
    async (request, reply) => answer(reply, app.services.coachDigest.get(request.access!), digestJson),
  )

  app.put(
    '/settings/coach-digest',
    {
      schema: schemaOf(200, DigestResponse, {
        tags: ['reminders'],
        description:
          "Turns the coach's daily digest on or off and sets its time; the next one is planned at once. " +
          'It is sent only on days when a candidate has something due, overdue or waiting for review.',
        body: DigestBody,
      }),
    },
    async (request, reply) =>
      answer(reply, app.services.coachDigest.save(request.access!, request.body), digestJson),
  )
}

export default coachReviewsApi
