import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { checkInterviewer, LIMITS } from '../../domain/interviewInput.js'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import { ownInterview } from '../ownInterview.js'
import {
  ErrorResponses,
  InterviewerResponse,
  interviewerJson,
  NO_INTERVIEW,
  Topics,
} from './interviewModels.js'
import { IdParams } from './schemas.js'

const fields = {
  name: Type.String({ minLength: 1, maxLength: LIMITS.personName }),
  title: Type.String({ maxLength: LIMITS.title }),
  email: Type.String({
    maxLength: LIMITS.email,
    description: 'Exactly one bare address (name@example.com) or ""; no display names or lists',
  }),
  notes: Type.String({ maxLength: LIMITS.interviewerNotes }),
  topics: Topics,
}

const InterviewerCreate = Type.Object(
  {
    name: fields.name,
    title: Type.Optional(fields.title),
    email: Type.Optional(fields.email),
    notes: Type.Optional(fields.notes),
    topics: Type.Optional(fields.topics),
  },
  { additionalProperties: false },
)

const InterviewerPatch = Type.Object(
  {
    name: Type.Optional(fields.name),
    title: Type.Optional(fields.title),
    email: Type.Optional(fields.email),
    notes: Type.Optional(fields.notes),
    topics: Type.Optional(fields.topics),
  },
  { additionalProperties: false },
)

const interviewersApi: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.interviewers
  const tags = ['interviewers']
  const interviewExists = ownInterview(app, NO_INTERVIEW)

  app.get(
    '/interviews/:id/interviewers',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Array(InterviewerResponse), ...ErrorResponses },
      },
      preHandler: interviewExists,
    },
    async (request) => repo.listForInterview(request.access!.ownerId, request.params.id).map(interviewerJson),
  )

  app.post(
    '/interviews/:id/interviewers',
    {
      schema: {
        tags,
        params: IdParams,
        body: InterviewerCreate,
        response: { 201: InterviewerResponse, ...ErrorResponses },
      },
      preHandler: interviewExists,
    },
    async (request, reply) => {
      const checked = checkInterviewer(request.body)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const created = repo.create(request.access!.ownerId, request.params.id, checked.value, app.clock.now())
      if (!created) return sendError(request, reply, 404, NO_INTERVIEW)
      return reply.code(201).send(interviewerJson(created))
    },
  )

  app.get(
    '/interviewers/:id',
    { schema: { tags, params: IdParams, response: { 200: InterviewerResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const interviewer = repo.get(request.access!.ownerId, request.params.id)
      if (!interviewer) return sendError(request, reply, 404, 'No interviewer with that id.')
      return interviewerJson(interviewer)
    },
  )

  app.patch(
    '/interviewers/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: InterviewerPatch,
        response: { 200: InterviewerResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const user = request.owner!
      const existing = repo.get(user.id, request.params.id)
      if (!existing) return sendError(request, reply, 404, 'No interviewer with that id.')
      const checked = checkInterviewer({ ...existing, ...request.body })
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const updated = repo.update(user.id, existing.id, checked.value, app.clock.now())
      if (!updated) return sendError(request, reply, 404, 'No interviewer with that id.')
      return interviewerJson(updated)
    },
  )

  app.delete(
    '/interviewers/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) => {
      if (!repo.remove(request.access!.ownerId, request.params.id, app.clock.now()))
        return sendError(request, reply, 404, 'No interviewer with that id.')
      return reply.code(204).send(null)
    },
  )
}

export default interviewersApi
