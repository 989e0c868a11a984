import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { answer, answerEach, answerRemoved } from './answer.js'
import {
  ConfidenceSchema,
  QuestionHitResponse,
  QuestionResponse,
  questionHitJson,
  questionJson,
  Topics,
} from './interviewModels.js'
import { answers, byId, listPage, PageQuery, paginated, removal } from './schemas.js'

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
  researched: Type.Boolean({
    description:
      'Ignored: a question is researched exactly when researchedAnswer is not empty. Accepted so older clients keep working.',
  }),
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

const questionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const { questions, research } = app.services
  const tags = ['questions']

  app.get(
    '/interviews/:id/questions',
    { schema: byId(tags, { response: answers(200, Type.Array(QuestionResponse)) }) },
    async (request, reply) =>
      answerEach(reply, questions.list(request.access!, request.params.id), questionJson),
  )

  app.post(
    '/interviews/:id/questions',
    { schema: byId(tags, { body: QuestionCreate, response: answers(201, QuestionResponse) }) },
    async (request, reply) =>
      answer(reply, questions.create(request.access!, request.params.id, request.body), questionJson, 201),
  )

  app.get(
    '/questions',
    {
      schema: {
        tags,
        description:
          'The question bank: every question of every interview, newest first, or best match first with q.',
        querystring: SearchQuery,
        response: answers(200, paginated(QuestionHitResponse)),
      },
    },
    async (request) => {
      const { q, confidence, topic, researched } = request.query
      const filter = { q, confidence, topic, researched }
      return listPage(
        request.query,
        (window) => questions.search(request.access!, filter, window),
        questionHitJson,
      )
    },
  )

  app.get(
    '/questions/:id',
    { schema: byId(tags, { response: answers(200, QuestionResponse) }) },
    async (request, reply) => answer(reply, questions.get(request.access!, request.params.id), questionJson),
  )

  app.patch(
    '/questions/:id',
    { schema: byId(tags, { body: QuestionPatch, response: answers(200, QuestionResponse) }) },
    async (request, reply) =>
      answer(reply, research.save(request.access!, request.params.id, request.body), questionJson),
  )

  app.delete('/questions/:id', { schema: removal(tags) }, async (request, reply) =>
    answerRemoved(reply, questions.remove(request.access!, request.params.id)),
  )
}

export default questionsApi
