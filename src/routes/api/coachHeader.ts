import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../../plugins/errors.js'
import { NOT_LINKED_MESSAGE } from '../../services/coach/links.js'
import { isPrivateApi, PRIVATE_MESSAGE } from '../../services/coach/privateAreas.js'

/** The header with which a coach's own token reads a linked candidate's debrief. */
export const CANDIDATE_HEADER = 'debrief-candidate'

/**
 * `Debrief-Candidate: <id>` switches an API request to that candidate's debrief, read-only, if
 * the candidate gave the token's owner access (checked on every request); any other id is 404.
 * Returns the reply when it answered.
 */
export async function applyCandidateHeader(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const header = request.headers[CANDIDATE_HEADER]
  if (header === undefined) return undefined
  const id = typeof header === 'string' && /^[1-9][0-9]{0,15}$/.test(header.trim()) ? Number(header) : 0
  const viewing = id > 0 ? app.services.coach.links.viewAs(request.user!.id, id) : null
  if (!viewing) return sendError(request, reply, 404, NOT_LINKED_MESSAGE)
  if (request.routeOptions.config?.actorOwn === true) return undefined
  request.access = viewing.access
  request.owner = viewing.owner
  request.viewing = viewing.owner
  if (request.routeOptions.url !== undefined && isPrivateApi(request.routeOptions.url))
    return sendError(request, reply, 403, PRIVATE_MESSAGE)
  if (request.method === 'GET' && request.routeOptions.url !== undefined)
    app.services.coach.links.recordView(viewing.access, `API ${request.url.split('?')[0]}`)
  return undefined
}
