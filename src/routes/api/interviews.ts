import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { IdParams } from '../params.js'
import { sendFailure, sendResult } from '../serviceFailure.js'
import {
  DateTimeInput,
  ErrorResponses,
  FollowUpStateSchema,
  InterviewDetailResponse,
  InterviewResponse,
  interviewerJson,
  interviewJson,
  Kind,
  OutcomeSchema,
  pageWindow,
  paginated,
  StatusSchema,
} from './interviewModels.js'
import { PageQuery } from './schemas.js'

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
  const service = app.services.interviews
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
      const { status, company, from, to } = request.query
      const window = pageWindow(request.query)
      const { items, total } = service.list(request.access!, { status, company, from, to }, window)
      return { items: items.map(interviewJson), page: window.page, perPage: window.perPage, total }
    },
  )

  app.post(
    '/interviews',
    { schema: { tags, body: InterviewCreate, response: { 201: InterviewResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const body = request.body
      const created = service.create(request.access!, {
        ...body,
        kind: body.kind ?? 'other',
        timeZone: body.timeZone ?? request.owner!.timeZone,
      })
      if (!created.ok) return sendFailure(request, reply, created)
      return reply.code(201).send(interviewJson(created.value))
    },
  )

  app.get(
    '/interviews/:id',
    { schema: { tags, params: IdParams, response: { 200: InterviewDetailResponse, ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.detail(request.access!, request.params.id), (found) => ({
        ...interviewJson(found),
        interviewers: found.interviewers.map(interviewerJson),
      })),
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
      const { followUpState, ...patch } = request.body
      const updated = service.patch(request.access!, request.params.id, patch, followUpState)
      if (!updated.ok) return sendFailure(request, reply, updated)
      return interviewJson(updated.value)
    },
  )

  app.delete(
    '/interviews/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.remove(request.access!, request.params.id), () => null, 204),
  )
}

export default interviewsApi
