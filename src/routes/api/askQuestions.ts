import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { answer, answerEach, answerRemoved } from './answer.js'
import {
  AskedQuestionResponse,
  AskQuestionResponse,
  askedQuestionJson,
  askQuestionJson,
} from './interviewModels.js'
import { answers, byId, removal } from './schemas.js'

const AskBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: LIMITS.askText }) },
  { additionalProperties: false },
)
const AskedCreate = Type.Object(
  { askQuestionId: Type.Integer({ minimum: 1, description: 'An entry of the questions-to-ask bank' }) },
  { additionalProperties: false },
)
const AskedPatch = Type.Object(
  { answerHeard: Type.String({ maxLength: LIMITS.answerHeard }) },
  { additionalProperties: false },
)

/** The owner's own questions to ask interviewers, and which were asked at an interview with what was heard. */
const askQuestionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.askQuestions
  const tags = ['questions to ask']

  app.get(
    '/ask-questions',
    { schema: { tags, response: answers(200, Type.Array(AskQuestionResponse)) } },
    async (request) => service.list(request.access!).map(askQuestionJson),
  )

  app.post(
    '/ask-questions',
    { schema: { tags, body: AskBody, response: answers(201, AskQuestionResponse) } },
    async (request, reply) =>
      answer(reply, service.create(request.access!, request.body.text), askQuestionJson, 201),
  )

  app.patch(
    '/ask-questions/:id',
    { schema: byId(tags, { body: AskBody, response: answers(200, AskQuestionResponse) }) },
    async (request, reply) =>
      answer(reply, service.update(request.access!, request.params.id, request.body.text), askQuestionJson),
  )

  app.delete('/ask-questions/:id', { schema: removal(tags) }, async (request, reply) =>
    answerRemoved(reply, service.remove(request.access!, request.params.id)),
  )

  app.get(
    '/interviews/:id/asked',
    { schema: byId(tags, { response: answers(200, Type.Array(AskedQuestionResponse)) }) },
    async (request, reply) =>
      answerEach(reply, service.listAsked(request.access!, request.params.id), askedQuestionJson),
  )

  app.post(
    '/interviews/:id/asked',
    { schema: byId(tags, { body: AskedCreate, response: answers(201, AskedQuestionResponse) }) },
    async (request, reply) => {
      const asked = service.ask(request.access!, request.params.id, [request.body.askQuestionId])
      return answer(reply, asked, (rows) => askedQuestionJson(rows[0]!), 201)
    },
  )

  app.patch(
    '/asked/:id',
    { schema: byId(tags, { body: AskedPatch, response: answers(200, AskedQuestionResponse) }) },
    async (request, reply) => {
      const heard = service.setAnswerHeard(request.access!, request.params.id, request.body.answerHeard)
      return answer(reply, heard, askedQuestionJson)
    },
  )

  app.delete('/asked/:id', { schema: removal(tags) }, async (request, reply) =>
    answerRemoved(reply, service.removeAsked(request.access!, request.params.id)),
  )
}

export default askQuestionsApi
