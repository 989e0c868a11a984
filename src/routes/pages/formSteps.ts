import type { FastifyReply, FastifyRequest } from 'fastify'
import type { ServiceFailure, ServiceResult } from '../../services/result.js'
import type { Flash } from '../../types.js'
import type { FieldErrors } from '../../validation.js'
import { sendFailure } from '../serviceFailure.js'
import { safeNext } from './forms.js'

// The steps a page form's post ends with, said once: the service refused the form (back to it
// with the fields' problems, or an error page), or it went through (a message, then the next page).

/** The message the next page view shows; a bare string is a success. */
export type FlashOf = string | Flash

/** A message for the next page view, then that page: 302 unless the route answers with 303. */
export function flashTo(
  request: FastifyRequest,
  reply: FastifyReply,
  to: string,
  flash: FlashOf,
  status?: 303,
) {
  request.session.set('flash', typeof flash === 'string' ? { type: 'success', message: flash } : flash)
  return reply.redirect(to, status)
}

/**
 * A service's answer to a post: its failure as an error page, or its message (fixed, or made
 * from what the service answered) and on to the next page.
 */
export function settle<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  result: ServiceResult<T>,
  flash: FlashOf | ((value: T) => FlashOf),
  to: string | ((value: T) => string),
  status?: 303,
) {
  if (!result.ok) return sendFailure(request, reply, result)
  const value = result.value
  return flashTo(
    request,
    reply,
    typeof to === 'string' ? to : to(value),
    typeof flash === 'function' ? flash(value) : flash,
    status,
  )
}

/**
 * A form the service refused: its fields' problems go back to the form, which `again` renders
 * (or answers null when there is no form left to show, as when its item has gone meanwhile);
 * any other failure is the failure's error page.
 */
export function refused<R>(
  request: FastifyRequest,
  reply: FastifyReply,
  failure: ServiceFailure,
  again: (fields: FieldErrors) => R | null,
) {
  const shown = failure.error === 'invalid' ? again(failure.fields) : null
  return shown ?? sendFailure(request, reply, failure)
}

/** As flashTo, back to the page of this site the form came from (its `back` field), else `fallback`. */
export function flashBack(
  request: FastifyRequest,
  reply: FastifyReply,
  back: unknown,
  fallback: string,
  flash: FlashOf,
) {
  const to = safeNext(back)
  return flashTo(request, reply, to === '/' ? fallback : to, flash)
}
