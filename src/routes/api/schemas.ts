import { type TSchema, Type } from 'typebox'
import { iso } from '../../domain/format.js'
import { IdParams } from '../params.js'

/** The shape of every 4xx/5xx answer of the API. */
export const ErrorResponse = Type.Object({
  error: Type.String(),
  message: Type.String(),
  fields: Type.Optional(Type.Record(Type.String(), Type.String())),
})

/** Every failure an authenticated JSON route can answer with, all in the { error, message, fields? } shape. */
export const ErrorResponses = {
  400: ErrorResponse,
  401: ErrorResponse,
  404: ErrorResponse,
  '4xx': ErrorResponse,
}
/** The failures of a route that can also conflict with what is stored. */
export const ConflictErrors = { ...ErrorResponses, 409: ErrorResponse }
/** The failures of a route that can also refuse the caller or conflict. */
export const RefusalErrors = { ...ConflictErrors, 403: ErrorResponse }

/** A route's `response` map: its one success status and schema beside its failures (the standard ones by default). */
export const answers = <C extends number, S extends TSchema, E extends object = typeof ErrorResponses>(
  status: C,
  schema: S,
  errors?: E,
) => ({ [status]: schema, ...(errors ?? ErrorResponses) }) as Record<C, S> & E

/** The schema of a route about the one row its `:id` names. */
export const byId = <S extends object>(tags: string[], schema: S) => ({ tags, params: IdParams, ...schema })

/** The schema of DELETE …/:id: no body either way, 204 once removed. */
export const removal = <E extends object = typeof ErrorResponses>(tags: string[], errors?: E) =>
  byId(tags, { response: answers(204, Type.Null(), errors) })

export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant in UTC' })
export const NullableInstant = Type.Union([Instant, Type.Null()])

export { iso }
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export { IdParams }

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}
