import type { FastifyPluginAsync, FastifyRequest } from 'fastify'
import { refusesWrite } from '../../plugins/auth.js'
import { sendError } from '../../plugins/errors.js'
import { sendTooManyGuesses } from '../../plugins/security.js'
import { ownerAccess, READ_ONLY_MESSAGE } from '../../services/access.js'
import askQuestions from './askQuestions.js'
import coach from './coach.js'
import { applyCandidateHeader } from './coachHeader.js'
import coachReviews from './coachReviews.js'
import drafts from './drafts.js'
import insights from './insights.js'
import interviewers from './interviewers.js'
import interviews from './interviews.js'
import me from './me.js'
import notifications from './notifications.js'
import questions from './questions.js'
import reminders from './reminders.js'
import study from './study.js'
import studyReminder from './studyReminder.js'
import transfer from './transfer.js'

const INVALID_TOKEN =
  'The API token is not valid or has been revoked. Create a new one under Settings → API tokens.'

const bearerToken = (request: FastifyRequest) =>
  /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1]

/**
 * Everything under /api/v1 requires a bearer token, and only a bearer token: this tree sets the
 * user itself, so the session cookie never authorises an API call, however the path is spelled
 * (the router decodes it before choosing this tree), and the API needs no CSRF token.
 */
const api: FastifyPluginAsync = async (app) => {
  // The first hook of the tree, so it covers the tree's 404s too, where no route config exists.
  app.addHook('onRequest', async (request, reply) => {
    request.apiRequest = true
    request.user = null
    request.owner = null
    request.access = null
    const token = bearerToken(request)
    if (token === undefined) {
      const sent = request.headers.authorization !== undefined
      return sendError(
        request,
        reply,
        401,
        sent
          ? INVALID_TOKEN
          : 'Send an API token as "Authorization: Bearer <token>". Create one under Settings → API tokens.',
      )
    }
    const wait = await app.tokenGuesses.retryAfter(request)
    if (wait > 0) return sendTooManyGuesses(request, reply, wait)
    request.user = app.services.accounts.tokenUser(token) ?? null
    if (request.user) {
      request.owner = request.user
      request.access = ownerAccess(request.user.id)
      if (await applyCandidateHeader(app, request, reply)) return reply
      if (refusesWrite(request)) return sendError(request, reply, 403, READ_ONLY_MESSAGE)
      return
    }
    await app.tokenGuesses.failed(request)
    return sendError(request, reply, 401, INVALID_TOKEN)
  })

  // Unknown paths under /api/v1 (however spelled) answer in the API's JSON, after the token check.
  app.setNotFoundHandler(async (request, reply) =>
    sendError(
      request,
      reply,
      404,
      `There is no API endpoint ${request.method} ${request.url.split('?')[0]}. The endpoints are listed at /docs.`,
    ),
  )

  // In this order, which is the order of the routes in the OpenAPI document.
  const features = [
    me,
    reminders,
    notifications,
    interviews,
    interviewers,
    questions,
    askQuestions,
    drafts,
    insights,
    transfer,
    study,
    studyReminder,
    coach,
    coachReviews,
  ]
  for (const routes of features) await app.register(routes)
}

export default api
