/**
 * What a service answers: a value, or a typed failure that each route tree maps to its own
 * answer (a status and a message for the API, a re-rendered form or an error page for pages).
 * Services never know about HTTP.
 */
export type ServiceFailure =
  | { ok: false; error: 'not_found'; message: string }
  | { ok: false; error: 'forbidden'; message: string }
  | { ok: false; error: 'conflict'; message: string }
  | { ok: false; error: 'invalid'; message: string; fields: Record<string, string> }
  | { ok: false; error: 'unavailable'; message: string }

export type ServiceResult<T> = { ok: true; value: T } | ServiceFailure

export const ok = <T>(value: T): ServiceResult<T> => ({ ok: true, value })

export const notFound = (message: string): ServiceFailure => ({ ok: false, error: 'not_found', message })

/** What was found, or the service's own failure for finding nothing (most often its "not found"). */
export const okOr = <T>(value: T | undefined, failure: () => ServiceFailure): ServiceResult<T> =>
  value === undefined ? failure() : ok(value)

export const forbidden = (message: string): ServiceFailure => ({ ok: false, error: 'forbidden', message })

export const conflict = (message: string): ServiceFailure => ({ ok: false, error: 'conflict', message })

export const invalid = (
  fields: Record<string, string>,
  message = 'Some fields need attention.',
): ServiceFailure => ({
  ok: false,
  error: 'invalid',
  message,
  fields,
})

/** The HTTP status both route trees use for each failure. */
export const FAILURE_STATUS: Record<ServiceFailure['error'], 400 | 403 | 404 | 409 | 503> = {
  not_found: 404,
  forbidden: 403,
  conflict: 409,
  invalid: 400,
  unavailable: 503,
}
