import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../plugins/errors.js'
import { INTERVIEW_NOT_FOUND } from '../services/messages.js'

/**
 * preHandler for a route under /interviews/:id/ whose handler does not go through a service
 * that checks the interview itself: an interview that is not the owner's (or no longer
 * exists) answers 404 before the handler reads or writes anything beside it.
 */
export function ownInterview(app: FastifyInstance, message: string = INTERVIEW_NOT_FOUND) {
  return async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    if (!app.services.interviews.exists(request.access!, request.params.id))
      return sendError(request, reply, 404, message)
  }
}
