import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendError, sendInvalid } from '../plugins/errors.js'
import { FAILURE_STATUS, type ServiceFailure, type ServiceResult } from '../services/result.js'

/** A service's failure as an HTTP answer, the same way in both route trees. */
export function sendFailure(request: FastifyRequest, reply: FastifyReply, failure: ServiceFailure) {
  // Field failures are worded like the schema's own validation errors, naming every field.
  if (failure.error === 'invalid') return sendInvalid(request, reply, failure.fields)
  return sendError(request, reply, FAILURE_STATUS[failure.error], failure.message)
}

/** A service's result as the API's answer: its failure mapped as above, or `json(value)` with `status`. */
export function sendResult<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  result: ServiceResult<T>,
  json: (value: T) => unknown,
  status = 200,
) {
  if (!result.ok) return sendFailure(request, reply, result)
  return reply.code(status).send(json(result.value))
}
