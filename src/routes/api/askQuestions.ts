import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { ok, type ServiceResult } from '../../services/result.js'
import { answer } from './answer.js'
import {
  AskedQuestionResponse,
  AskQuestionResponse,
  askedQuestionJson,
  askQuestionJson,
} from './interviewModels.js'
import { rowRoutes } from './rowRoutes.js'
import { answers } from './schemas.js'

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

/** The one row a call that records several answered, or its failure. */
const onlyRow = <T>(result: ServiceResult<T[]>): ServiceResult<T> =>
  result.ok ? ok(result.value[0]!) : result

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

  rowRoutes(app, tags, { response: AskQuestionResponse, json: askQuestionJson }).byId('/ask-questions/:id', {
    patch: { body: AskBody, save: (access, id, body) => service.update(access, id, body.text) },
    remove: service.remove,
  })

  const asked = rowRoutes(app, tags, { response: AskedQuestionResponse, json: askedQuestionJson })
  asked.ofInterview('asked', service.listAsked, {
    body: AskedCreate,
    save: (access, interviewId, body) => onlyRow(service.ask(access, interviewId, [body.askQuestionId])),
  })
  asked.byId('/asked/:id', {
    patch: {
      body: AskedPatch,
      save: (access, id, body) => service.setAnswerHeard(access, id, body.answerHeard),
    },
    remove: service.removeAsked,
  })
}

export default askQuestionsApi
