import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { answer, answerEach, answerRemoved } from './answer.js'
import { InterviewerResponse, interviewerJson, Topics } from './interviewModels.js'
import { answers, byId, removal } from './schemas.js'

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
    { schema: byId(tags, { response: answers(200, Type.Array(InterviewerResponse)) }) },
    async (request, reply) =>
      answerEach(reply, service.list(request.access!, request.params.id), interviewerJson),
  )

  app.post(
    '/interviews/:id/interviewers',
    { schema: byId(tags, { body: InterviewerCreate, response: answers(201, InterviewerResponse) }) },
    async (request, reply) =>
      answer(reply, service.create(request.access!, request.params.id, request.body), interviewerJson, 201),
  )

  app.get(
    '/interviewers/:id',
    { schema: byId(tags, { response: answers(200, InterviewerResponse) }) },
    async (request, reply) => answer(reply, service.get(request.access!, request.params.id), interviewerJson),
  )

  app.patch(
    '/interviewers/:id',
    { schema: byId(tags, { body: InterviewerPatch, response: answers(200, InterviewerResponse) }) },
    async (request, reply) =>
      answer(reply, service.update(request.access!, request.params.id, request.body), interviewerJson),
  )

  app.delete('/interviewers/:id', { schema: removal(tags) }, async (request, reply) =>
    answerRemoved(reply, service.remove(request.access!, request.params.id)),
  )
}

export default interviewersApi
