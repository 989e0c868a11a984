import type { FastifyInstance, FastifyRequest } from 'fastify'
import { type FieldErrors, fieldErrors } from '../../validation.js'

/** Fields whose surrounding whitespace is meaningful and must reach the handler untouched. */
const UNTRIMMED = new Set([
  'password',
  'currentPassword',
  'newPassword',
  'text',
  'notes',
  'myAnswer',
  'researchedAnswer',
  'body',
])

/**
 * Shared by every page plugin: trims form fields (so "  " counts as empty) and checks the
 * CSRF token after the body is parsed but before schema validation, so a forged form is
 * refused with 403 whatever else is wrong with it.
 */
export function registerFormHooks(app: FastifyInstance) {
  app.addHook('preValidation', (request, reply, done) => {
    if (request.method === 'GET' || request.method === 'HEAD') return done()
    const body = request.body
    if (
      body &&
      typeof body === 'object' &&
      request.headers['content-type']?.startsWith('application/x-www-form-urlencoded')
    ) {
      for (const [key, value] of Object.entries(body)) {
        if (typeof value === 'string' && !UNTRIMMED.has(key))
          (body as Record<string, unknown>)[key] = value.trim()
      }
    }
    app.csrfProtection(request, reply, done)
  })
}

/** Field errors from the route's schema, when the route was registered with attachValidation. */
export function formErrors(request: FastifyRequest): FieldErrors | null {
  return request.validationError ? fieldErrors(request.validationError.validation) : null
}

/** The submitted values to re-render a form with; never echoes secrets. */
export function formValues(request: FastifyRequest): Record<string, unknown> {
  const values: Record<string, unknown> = { ...((request.body as Record<string, unknown> | undefined) ?? {}) }
  for (const key of ['password', 'currentPassword', 'newPassword', '_csrf']) delete values[key]
  return values
}

/** Only same-site paths, so "?next=" cannot send someone to another site after login. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/'
}
