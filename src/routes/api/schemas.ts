import { Type } from 'typebox'
import { iso } from '../../domain/format.js'
import { IdParams } from '../params.js'

/** The shape of every 4xx/5xx answer of the API. */
export const ErrorResponse = Type.Object({
  error: Type.String(),
  message: Type.String(),
  fields: Type.Optional(Type.Record(Type.String(), Type.String())),
})

export const Instant = Type.String({ format: 'date-time', description: 'ISO-8601 instant in UTC' })
export const NullableInstant = Type.Union([Instant, Type.Null()])

export { iso }
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

export { IdParams }

export const PageQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  perPage: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
}
