import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../plugins/errors.js'
import { FAILURE_STATUS, type ServiceFailure } from '../services/result.js'

/** A service's failure as either route tree answers it: its status, its message and the fields at fault. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: ServiceFailure) {
  const fields = failure.error === 'invalid' ? failure.fields : undefined
  return sendError(request, reply, FAILURE_STATUS[failure.error], failure.message, fields)
}
