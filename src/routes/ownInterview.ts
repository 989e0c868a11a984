import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../plugins/errors.js'
import { INTERVIEW_NOT_FOUND } from '../services/messages.js'

/**
 * preHandler for the routes under /interviews/:id/: an interview that is not the owner's (or
 * no longer exists) answers 404 before the handler reads or writes anything beside it.
 */
export function ownInterview(app: FastifyInstance) {
  return async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    if (!app.services.interviews.exists(request.access!, request.params.id))
      return sendError(request, reply, 404, INTERVIEW_NOT_FOUND)
  }
}
