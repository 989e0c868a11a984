import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type FieldErrors, fieldErrors } from '../../validation.js'

/** The CSRF token every form carries (checked before validation: registerFormHooks). */
export const CSRF_FIELD = { _csrf: Type.Optional(Type.String()) }

/** A form that carries nothing but its CSRF token: a button. */
export const ButtonForm = Type.Object(CSRF_FIELD)

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
 * Registered once by the page tree (./index.ts) for all its children: trims form fields (so
 * "  " counts as empty) and checks the CSRF token after the body is parsed but before schema
 * validation, so a forged form is refused with 403 whatever else is wrong with it.
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

// Control characters (C0, DEL, C1), line and paragraph separators, and backslashes, which
// browsers treat as slashes: none belongs in a path we send someone to.
const UNSAFE_IN_PATH = /[\p{Cc}\u2028\u2029\\]/u
const ORIGIN = 'http://debrief.invalid'

/**
 * A local path to go to after login, or "/" when `next` is anything else: the path must start
 * with one slash and, after percent-decoding and URL parsing, still be a path on this site
 * (no scheme, no "//host", no backslash, no control character), so "?next=" cannot send
 * someone to another site and is always a valid Location header.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || UNSAFE_IN_PATH.test(next)) return '/'
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return '/'
  }
  if (UNSAFE_IN_PATH.test(decoded) || /^\/[/\\]/.test(decoded)) return '/'
  let url: URL
  try {
    url = new URL(next, ORIGIN)
  } catch {
    return '/'
  }
  const local = url.pathname + url.search + url.hash
  // Parsing removes dot segments, so "/.//host" becomes "//host": check what is actually sent.
  if (url.origin !== ORIGIN || !local.startsWith('/') || /^\/[/\\]/.test(local)) return '/'
  return local
}
