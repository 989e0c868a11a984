import { type TObjectOptions, type TProperties, Type } from 'typebox'

// The parts the export document's schema is built from, for transfer.ts and for the coach's
// part of it (coachCommentSchema.ts, which transfer.ts includes).

// A pattern rather than a named format, so the API's validator and the import check agree exactly.
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$'
export const Instant = Type.String({ pattern: ISO_INSTANT, maxLength: 40, description: 'ISO-8601 instant' })
export const NullableInstant = Type.Union([Instant, Type.Null()])
export const Index = Type.Integer({ minimum: 0, maximum: 1_000_000 })

/** An object of exactly these properties: a document with anything else in it is refused. */
export const Closed = <P extends TProperties>(properties: P, options: TObjectOptions = {}) =>
  Type.Object(properties, { additionalProperties: false, ...options })
