import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../plugins/errors.js'
import { FAILURE_STATUS, type ServiceFailure } from '../services/result.js'

/** A service's typed failure as each route tree answers it: the status, the message, and the fields at fault. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: ServiceFailure) {
  return sendError(
    request,
    reply,
    FAILURE_STATUS[failure.error],
    failure.message,
    failure.error === 'invalid' ? failure.fields : undefined,
  )
}
