import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { IdParams } from '../params.js'
import { sendResult } from '../serviceFailure.js'
import { ErrorResponses, InterviewerResponse, interviewerJson, Topics } from './interviewModels.js'

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
  const service = app.services.interviewers
  const tags = ['interviewers']

  app.get(
    '/interviews/:id/interviewers',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Array(InterviewerResponse), ...ErrorResponses },
      },
    },
    async (request, reply) =>
      sendResult(request, reply, service.list(request.access!, request.params.id), (listed) =>
        listed.map(interviewerJson),
      ),
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
    },
    async (request, reply) =>
      sendResult(
        request,
        reply,
        service.create(request.access!, request.params.id, request.body),
        interviewerJson,
        201,
      ),
  )

  app.get(
    '/interviewers/:id',
    { schema: { tags, params: IdParams, response: { 200: InterviewerResponse, ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.get(request.access!, request.params.id), interviewerJson),
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
    async (request, reply) =>
      sendResult(
        request,
        reply,
        service.update(request.access!, request.params.id, request.body),
        interviewerJson,
      ),
  )

  app.delete(
    '/interviewers/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.remove(request.access!, request.params.id), () => null, 204),
  )
}

export default interviewersApi
