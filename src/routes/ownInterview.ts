import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../plugins/errors.js'

/**
 * preHandler for the routes under /interviews/:id/: an interview that is not the user's (or
 * no longer exists) answers 404 with `message` before the handler reads or writes anything
 * beside it. Pages and the API word the 404 differently, hence the message.
 */
export function ownInterview(app: FastifyInstance, message: string) {
  return async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    if (!app.repos.interviews.get(request.access!.ownerId, request.params.id))
      return sendError(request, reply, 404, message)
  }
}
