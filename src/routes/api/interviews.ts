import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { answer } from './answer.js'
import {
  DateTimeInput,
  FollowUpStateSchema,
  InterviewDetailResponse,
  InterviewResponse,
  interviewerJson,
  interviewJson,
  Kind,
  OutcomeSchema,
  StatusSchema,
} from './interviewModels.js'
import { rowRoutes } from './rowRoutes.js'
import { answers, byId, listPage, PageQuery, paginated } from './schemas.js'

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
    { schema: { tags, querystring: ListQuery, response: answers(200, paginated(InterviewResponse)) } },
    async (request) => {
      const { status, company, from, to } = request.query
      const filter = { status, company, from, to }
      return listPage(request.query, (window) => service.list(request.access!, filter, window), interviewJson)
    },
  )

  app.post(
    '/interviews',
    { schema: { tags, body: InterviewCreate, response: answers(201, InterviewResponse) } },
    async (request, reply) => {
      const body = request.body
      const created = await service.create(request.access!, {
        ...body,
        kind: body.kind ?? 'other',
        timeZone: body.timeZone ?? request.owner!.timeZone,
      })
      return answer(reply, created, interviewJson, 201)
    },
  )

  app.get(
    '/interviews/:id',
    { schema: byId(tags, { response: answers(200, InterviewDetailResponse) }) },
    async (request, reply) =>
      answer(reply, service.detail(request.access!, request.params.id), (found) => ({
        ...interviewJson(found),
        interviewers: found.interviewers.map(interviewerJson),
      })),
  )

  rowRoutes(app, tags, { response: InterviewResponse, json: interviewJson }).byId('/interviews/:id', {
    patch: {
      body: InterviewPatch,
      save: (access, id, { followUpState, ...patch }) => service.patch(access, id, patch, followUpState),
    },
    remove: service.remove,
  })
}

export default interviewsApi
