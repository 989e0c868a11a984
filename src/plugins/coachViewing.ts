import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isPrivatePage, PRIVATE_MESSAGE } from '../services/coach/privateAreas.js'
import { sendError } from './errors.js'

/**
 * Switches the request to the candidate a coach chose on /coach, if the candidate still gives
 * access: the link is looked up on every request, so a revocation holds from the coach's next
 * one. Every page the coach reads is logged for the candidate (coach_views): the one write a
 * GET makes, on purpose, since the candidate's consent came with the promise of that log.
 */
export async function applyCoachViewing(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const candidateId = request.session.get('viewingCandidateId')
  if (typeof candidateId !== 'number') return
  const config = request.routeOptions.config
  const viewing = app.services.coach.links.viewAs(request.user!.id, candidateId)
  if (!viewing) {
    request.session.set('viewingCandidateId', undefined)
    if (config?.public === true || config?.actorOwn === true || request.routeOptions.url === undefined) return
    return sendError(
      request,
      reply,
      403,
      'That debrief is no longer shared with you: its owner revoked your access. Your own debrief and your caseload (/coach) are as before.',
    )
  }
  request.viewing = viewing.owner
  if (config?.actorOwn === true || config?.public === true) return
  request.access = viewing.access
  request.owner = viewing.owner
  if (request.routeOptions.url !== undefined && isPrivatePage(request.routeOptions.url))
    return sendError(request, reply, 403, PRIVATE_MESSAGE)
  if (request.method === 'GET')
    app.services.coach.links.recordView(viewing.access, request.url.split('?')[0]!)
}
