import type { FastifyReply } from 'fastify'
import type { ServiceResult } from '../../services/result.js'
import { sendResult } from '../serviceFailure.js'

/**
 * A service's result as the API's answer (see sendResult), for handlers that only call the service:
 * the reply knows its request, so the call reads as what is answered and how.
 */
export const answer = <T>(
  reply: FastifyReply,
  result: ServiceResult<T>,
  json: (value: T) => unknown,
  status = 200,
) => sendResult(reply.request, reply, result, json, status)

/** A list's answer: each item as `json`, or the service's failure. */
export const answerEach = <T>(reply: FastifyReply, result: ServiceResult<T[]>, json: (item: T) => unknown) =>
  answer(reply, result, (items) => items.map(json))

/** A removal's answer: 204 with no body, or the service's failure. */
export const answerRemoved = (reply: FastifyReply, result: ServiceResult<unknown>) =>
  sendResult(reply.request, reply, result, () => null, 204)
