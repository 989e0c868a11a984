import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { checkInterview, dayRange, LIMITS, mergeInterviewPatch } from '../../domain/interviewInput.js'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import {
  DateTimeInput,
  ErrorResponses,
  FollowUpStateSchema,
  InterviewDetailResponse,
  InterviewResponse,
  interviewerJson,
  interviewJson,
  Kind,
  NO_INTERVIEW,
  OutcomeSchema,
  pageWindow,
  paginated,
  StatusSchema,
} from './interviewModels.js'
import { IdParams, PageQuery } from './schemas.js'

const fields = {
  company: Type.String({ minLength: 1, maxLength: LIMITS.company }),
  role: Type.String({ minLength: 1, maxLength: LIMITS.role }),
  kind: Kind,
  startsAt: DateTimeInput,
  endsAt: DateTimeInput,
  durationMinutes: Type.Integer({
    minimum: 1,
    maximum: LIMITS.durationMinutes,
    description: 'Instead of endsAt; ignored when endsAt is given',
  }),
  timeZone: Type.String({ minLength: 1, maxLength: 64, description: "IANA zone; defaults to the user's" }),
  location: Type.String({ maxLength: LIMITS.location, description: 'Address or meeting link' }),
  jobUrl: Type.String({ maxLength: LIMITS.url, description: 'http(s) URL of the job posting, or ""' }),
  notes: Type.String({ maxLength: LIMITS.notes }),
  outcome: OutcomeSchema,
}

const InterviewCreate = Type.Object(
  {
    company: fields.company,
    role: fields.role,
    kind: Type.Optional(fields.kind),
    startsAt: fields.startsAt,
    endsAt: Type.Optional(fields.endsAt),
    durationMinutes: Type.Optional(fields.durationMinutes),
    timeZone: Type.Optional(fields.timeZone),
    location: Type.Optional(fields.location),
    jobUrl: Type.Optional(fields.jobUrl),
    notes: Type.Optional(fields.notes),
    outcome: Type.Optional(fields.outcome),
  },
  { additionalProperties: false },
)

const InterviewPatch = Type.Object(
  {
    ...Type.Partial(InterviewCreate).properties,
    followUpState: Type.Optional(FollowUpStateSchema),
  },
  {
    additionalProperties: false,
    description:
      'Only the fields given change. Moving startsAt alone keeps the duration; changing timeZone alone keeps the instants.',
  },
)

const ListQuery = Type.Object({
  ...PageQuery,
  status: Type.Optional(Type.Enum([...StatusSchema.enum, 'overdue'])),
  company: Type.Optional(Type.String({ maxLength: LIMITS.company })),
  from: Type.Optional(
    Type.String({ format: 'date', description: "Starting on or after this day (user's zone)" }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date', description: "Starting on or before this day (user's zone)" }),
  ),
})

const interviewsApi: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.interviews
  const tags = ['interviews']

  app.get(
    '/interviews',
    {
      schema: {
        tags,
        querystring: ListQuery,
        response: { 200: paginated(InterviewResponse), ...ErrorResponses },
      },
    },
    async (request) => {
      const user = request.owner!
      const window = pageWindow(request.query)
      const range = dayRange(request.query.from, request.query.to, user.timeZone)
      const { items, total } = repo.list(
        user.id,
        { status: request.query.status, company: request.query.company || undefined, ...range },
        window,
        app.clock.now(),
      )
      return { items: items.map(interviewJson), page: window.page, perPage: window.perPage, total }
    },
  )

  app.post(
    '/interviews',
    { schema: { tags, body: InterviewCreate, response: { 201: InterviewResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const user = request.owner!
      const body = request.body
      const checked = checkInterview({
        ...body,
        kind: body.kind ?? 'other',
        timeZone: body.timeZone ?? user.timeZone,
      })
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const now = app.clock.now()
      const created = repo.create(user.id, checked.value, now)
      return reply.code(201).send(interviewJson(repo.summary(user.id, created.id, now)!))
    },
  )

  app.get(
    '/interviews/:id',
    { schema: { tags, params: IdParams, response: { 200: InterviewDetailResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const user = request.owner!
      const interview = repo.summary(user.id, request.params.id, app.clock.now())
      if (!interview) return sendError(request, reply, 404, NO_INTERVIEW)
      return {
        ...interviewJson(interview),
        interviewers: app.repos.interviewers.listForInterview(user.id, interview.id).map(interviewerJson),
      }
    },
  )

  app.patch(
    '/interviews/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: InterviewPatch,
        response: { 200: InterviewResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const user = request.owner!
      const existing = repo.get(user.id, request.params.id)
      if (!existing) return sendError(request, reply, 404, NO_INTERVIEW)
      const { followUpState, ...patch } = request.body
      const checked = checkInterview(mergeInterviewPatch(existing, patch))
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const now = app.clock.now()
      // One transaction for both, so reminders are re-synced against the final state only once it is all stored.
      app.db.transaction(() => {
        repo.update(user.id, existing.id, checked.value, now)
        if (followUpState) repo.setFollowUpState(user.id, existing.id, followUpState, now)
      })()
      return interviewJson(repo.summary(user.id, existing.id, now)!)
    },
  )

  app.delete(
    '/interviews/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) => {
      if (!repo.remove(request.access!.ownerId, request.params.id))
        return sendError(request, reply, 404, NO_INTERVIEW)
      return reply.code(204).send(null)
    },
  )
}

export default interviewsApi
