import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { Question } from '../../db/questions.js'
import { checkQuestion, LIMITS, type Problems, type QuestionInput } from '../../domain/interviewInput.js'
import { ftsQuery } from '../../domain/search.js'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import { ownInterview } from '../ownInterview.js'
import {
  ConfidenceSchema,
  ErrorResponses,
  NO_INTERVIEW,
  pageWindow,
  paginated,
  QuestionHitResponse,
  QuestionResponse,
  questionHitJson,
  questionJson,
  Topics,
} from './interviewModels.js'
import { IdParams, PageQuery } from './schemas.js'

const fields = {
  text: Type.String({ minLength: 1, maxLength: LIMITS.questionText }),
  confidence: ConfidenceSchema,
  topics: Topics,
  myAnswer: Type.String({ maxLength: LIMITS.answer }),
  researchedAnswer: Type.String({ maxLength: LIMITS.answer }),
  sources: Type.Array(Type.String({ maxLength: LIMITS.url }), {
    maxItems: LIMITS.sources,
    description: 'http(s) URLs',
  }),
  researched: Type.Boolean({ description: 'Marks research done; researchedAt is set the first time' }),
  includeInFollowUp: Type.Boolean(),
  interviewerId: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], {
    description: 'Who asked it: an interviewer of the same interview, or null',
  }),
}

const QuestionCreate = Type.Object(
  {
    text: fields.text,
    confidence: fields.confidence,
    topics: Type.Optional(fields.topics),
    myAnswer: Type.Optional(fields.myAnswer),
    researchedAnswer: Type.Optional(fields.researchedAnswer),
    sources: Type.Optional(fields.sources),
    researched: Type.Optional(fields.researched),
    includeInFollowUp: Type.Optional(fields.includeInFollowUp),
    interviewerId: Type.Optional(fields.interviewerId),
  },
  { additionalProperties: false },
)

const QuestionPatch = Type.Partial(QuestionCreate, { additionalProperties: false })

const SearchQuery = Type.Object({
  ...PageQuery,
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words to find in any text of the question' })),
  confidence: Type.Optional(ConfidenceSchema),
  topic: Type.Optional(Type.String({ maxLength: LIMITS.topic })),
  researched: Type.Optional(Type.Boolean()),
})

const NO_QUESTION = 'No question with that id. It may have been deleted.'

const questionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.questions
  const tags = ['questions']
  const interviewExists = ownInterview(app, NO_INTERVIEW)

  const check = (userId: number, interviewId: number, input: QuestionInput) => {
    const checked = checkQuestion(input)
    const problems: Problems = checked.ok ? {} : { ...checked.problems }
    const interviewerId = input.interviewerId ?? null
    if (
      interviewerId !== null &&
      app.repos.interviewers.get(userId, interviewerId)?.interviewId !== interviewId
    )
      problems.interviewerId = 'must be one of the interviewers of this interview'
    return checked.ok && Object.keys(problems).length === 0
      ? { ok: true as const, value: checked.value }
      : { ok: false as const, problems }
  }

  app.get(
    '/interviews/:id/questions',
    {
      schema: { tags, params: IdParams, response: { 200: Type.Array(QuestionResponse), ...ErrorResponses } },
      preHandler: interviewExists,
    },
    async (request) => repo.listForInterview(request.access!.ownerId, request.params.id).map(questionJson),
  )

  app.post(
    '/interviews/:id/questions',
    {
      schema: {
        tags,
        params: IdParams,
        body: QuestionCreate,
        response: { 201: QuestionResponse, ...ErrorResponses },
      },
      preHandler: interviewExists,
    },
    async (request, reply) => {
      const user = request.owner!
      const interviewId = request.params.id
      const checked = check(user.id, interviewId, request.body)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const created = repo.create(user.id, interviewId, checked.value, app.clock.now())
      if (!created) return sendError(request, reply, 404, NO_INTERVIEW)
      return reply.code(201).send(questionJson(created))
    },
  )

  app.get(
    '/questions',
    {
      schema: {
        tags,
        description:
          'The question bank: every question of every interview, newest first, or best match first with q.',
        querystring: SearchQuery,
        response: { 200: paginated(QuestionHitResponse), ...ErrorResponses },
      },
    },
    async (request) => {
      const { q, confidence, topic, researched } = request.query
      const window = pageWindow(request.query)
      const { items, total } = repo.search(
        request.access!.ownerId,
        { match: ftsQuery(q ?? ''), confidence, topic: topic?.trim() || undefined, researched },
        window,
      )
      return { items: items.map(questionHitJson), page: window.page, perPage: window.perPage, total }
    },
  )

  app.get(
    '/questions/:id',
    { schema: { tags, params: IdParams, response: { 200: QuestionResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const question = repo.get(request.access!.ownerId, request.params.id)
      if (!question) return sendError(request, reply, 404, NO_QUESTION)
      return questionJson(question)
    },
  )

  app.patch(
    '/questions/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: QuestionPatch,
        response: { 200: QuestionResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const user = request.owner!
      const existing: Question | undefined = repo.get(user.id, request.params.id)
      if (!existing) return sendError(request, reply, 404, NO_QUESTION)
      const checked = check(user.id, existing.interviewId, { ...existing, ...request.body })
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const updated = repo.update(user.id, existing.id, checked.value, app.clock.now())
      if (!updated) return sendError(request, reply, 404, NO_QUESTION)
      return questionJson(updated)
    },
  )

  app.delete(
    '/questions/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) => {
      if (!repo.remove(request.access!.ownerId, request.params.id))
        return sendError(request, reply, 404, NO_QUESTION)
      return reply.code(204).send(null)
    },
  )
}

export default questionsApi
