import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import {
  ConfidenceSchema,
  QuestionHitResponse,
  QuestionResponse,
  questionHitJson,
  questionJson,
  Topics,
} from './interviewModels.js'
import { rowRoutes } from './rowRoutes.js'
import { answers, listPage, PageQuery, paginated } from './schemas.js'

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
  const rows = rowRoutes(app, tags, { response: QuestionResponse, json: questionJson })

  rows.ofInterview('questions', questions.list, { body: QuestionCreate, save: questions.create })

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

  rows.byId('/questions/:id', {
    get: questions.get,
    patch: { body: QuestionPatch, save: research.save },
    remove: questions.remove,
  })
}

export default questionsApi
