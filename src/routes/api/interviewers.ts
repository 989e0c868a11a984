import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { InterviewerResponse, interviewerJson, Topics } from './interviewModels.js'
import { rowRoutes } from './rowRoutes.js'

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
  const rows = rowRoutes(app, tags, { response: InterviewerResponse, json: interviewerJson })

  rows.ofInterview('interviewers', service.list, { body: InterviewerCreate, save: service.create })
  rows.byId('/interviewers/:id', {
    get: service.get,
    patch: { body: InterviewerPatch, save: service.update },
    remove: service.remove,
  })
}

export default interviewersApi
