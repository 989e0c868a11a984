import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { checkAskText, LIMITS } from '../../domain/interviewInput.js'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import { ownInterview } from '../ownInterview.js'
import {
  AskedQuestionResponse,
  AskQuestionResponse,
  askedQuestionJson,
  askQuestionJson,
  ErrorResponses,
  NO_INTERVIEW,
} from './interviewModels.js'
import { IdParams } from './schemas.js'

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

const NO_ASK = 'No question to ask with that id.'
const NO_ASKED = 'That question was not asked at any of your interviews.'

/** The user's own questions to ask interviewers, and which were asked at an interview with what was heard. */
const askQuestionsApi: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.askQuestions
  const tags = ['questions to ask']
  const interviewExists = ownInterview(app, NO_INTERVIEW)

  app.get(
    '/ask-questions',
    { schema: { tags, response: { 200: Type.Array(AskQuestionResponse), ...ErrorResponses } } },
    async (request) => repo.list(request.access!.ownerId).map(askQuestionJson),
  )

  app.post(
    '/ask-questions',
    { schema: { tags, body: AskBody, response: { 201: AskQuestionResponse, ...ErrorResponses } } },
    async (request, reply) => {
      const checked = checkAskText(request.body.text)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      return reply
        .code(201)
        .send(askQuestionJson(repo.create(request.access!.ownerId, checked.value, app.clock.now())))
    },
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
    async (request, reply) => {
      const checked = checkAskText(request.body.text)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const updated = repo.update(request.access!.ownerId, request.params.id, checked.value)
      if (!updated) return sendError(request, reply, 404, NO_ASK)
      return askQuestionJson(updated)
    },
  )

  app.delete(
    '/ask-questions/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) => {
      if (!repo.remove(request.access!.ownerId, request.params.id))
        return sendError(request, reply, 404, NO_ASK)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/interviews/:id/asked',
    {
      schema: {
        tags,
        params: IdParams,
        response: { 200: Type.Array(AskedQuestionResponse), ...ErrorResponses },
      },
      preHandler: interviewExists,
    },
    async (request) => repo.listAsked(request.access!.ownerId, request.params.id).map(askedQuestionJson),
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
      preHandler: interviewExists,
    },
    async (request, reply) => {
      const user = request.owner!
      if (!repo.get(user.id, request.body.askQuestionId))
        return sendError(request, reply, 400, `Invalid input: askQuestionId ${NO_ASK}`, {
          askQuestionId: 'is not one of your questions to ask',
        })
      const asked = repo.ask(user.id, request.params.id, request.body.askQuestionId, app.clock.now())
      if (!asked) return sendError(request, reply, 404, NO_INTERVIEW)
      return reply.code(201).send(askedQuestionJson(asked))
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
    async (request, reply) => {
      const updated = repo.setAnswerHeard(
        request.access!.ownerId,
        request.params.id,
        request.body.answerHeard,
      )
      if (!updated) return sendError(request, reply, 404, NO_ASKED)
      return askedQuestionJson(updated)
    },
  )

  app.delete(
    '/asked/:id',
    { schema: { tags, params: IdParams, response: { 204: Type.Null(), ...ErrorResponses } } },
    async (request, reply) => {
      if (!repo.removeAsked(request.access!.ownerId, request.params.id))
        return sendError(request, reply, 404, NO_ASKED)
      return reply.code(204).send(null)
    },
  )
}

export default askQuestionsApi
