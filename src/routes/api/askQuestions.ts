import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { IdParams } from '../params.js'
import { sendFailure, sendResult } from '../serviceFailure.js'
import {
  AskedQuestionResponse,
  AskQuestionResponse,
  askedQuestionJson,
  askQuestionJson,
  ErrorResponses,
} from './interviewModels.js'

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
    { schema: { tags, response: { 200: Type.Array(AskQuestionResponse), ...ErrorResponses } } },
    async (request) => service.list(request.access!).map(askQuestionJson),
  )

  app.post(
    '/ask-questions',
    { schema: { tags, body: AskBody, response: { 201: AskQuestionResponse, ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.create(request.access!, request.body.text), askQuestionJson, 201),
  )

  app.patch(
    '/ask-questions/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: AskBody,
        response: { 200: AskQuestionResponse, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      sendResult(
        request,
        reply,
        service.update(request.access!, request.params.id, request.body.text),
        askQuestionJson,
      ),
  )

  app.delete(
    '/ask-questions/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.remove(request.access!, request.params.id), () => null, 204),
  )

  app.get(
    '/interviews/:id/asked',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Array(AskedQuestionResponse), ...ErrorResponses },
      },
    },
    async (request, reply) =>
      sendResult(request, reply, service.listAsked(request.access!, request.params.id), (listed) =>
        listed.map(askedQuestionJson),
      ),
  )

  app.post(
    '/interviews/:id/asked',
    {
      schema: {
        tags,
        params: IdParams,
        body: AskedCreate,
        response: { 201: AskedQuestionResponse, ...ErrorResponses },
      },
    },
    async (request, reply) => {
      const asked = service.ask(request.access!, request.params.id, [request.body.askQuestionId])
      if (!asked.ok) return sendFailure(request, reply, asked)
      return reply.code(201).send(askedQuestionJson(asked.value[0]!))
    },
  )

  app.patch(
    '/asked/:id',
    {
      schema: {
        tags,
        params: IdParams,
        body: AskedPatch,
        response: { 200: AskedQuestionResponse, ...ErrorResponses },
      },
    },
    async (request, reply) =>
      sendResult(
        request,
        reply,
        service.setAnswerHeard(request.access!, request.params.id, request.body.answerHeard),
        askedQuestionJson,
      ),
  )

  app.delete(
    '/asked/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) =>
      sendResult(request, reply, service.removeAsked(request.access!, request.params.id), () => null, 204),
  )
}

export default askQuestionsApi
