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

/** The bearer token, named again in the document entry of some routes (the settings and reminder ones). */
export const bearerSecurity = [{ bearerAuth: [] }]

/**
 * The schema of a route listed under "reminders" (reminder settings, where reminders go, what was
 * sent): its own parts, then one success answer beside `errors`.
 */
export const reminderSchema = <
  C extends number,
  S extends TSchema,
  P extends object = Record<never, never>,
  E extends object = typeof ErrorResponses,
>(
  status: C,
  response: S,
  parts = {} as P,
  errors?: E,
) => ({
  tags: ['reminders'],
  security: bearerSecurity,
  ...parts,
  response: answers(status, response, errors),
})

/** The options of a "reminders" route that says what it does: its description, then as reminderSchema. */
export const reminderRoute = <C extends number, S extends TSchema, P extends object = Record<never, never>>(
  description: string,
  status: C,
  response: S,
  parts = {} as P,
) => ({ schema: reminderSchema(status, response, { description, ...parts }) })

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

export const paginated = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    page: Type.Integer(),
    perPage: Type.Integer(),
    total: Type.Integer(),
  })

export type PageWindow = { page: number; perPage: number; limit: number; offset: number }

/**
 * One page of a list as the API answers it: `read` lists the window the query asks for (page 1 of
 * 20 by default), answered with its items as `json`, the window and the total.
 */
export function listPage<T, J>(
  query: { page?: number | undefined; perPage?: number | undefined },
  read: (window: PageWindow) => { items: T[]; total: number },
  json: (item: T) => J,
) {
  const page = query.page ?? 1
  const perPage = query.perPage ?? 20
  const { items, total } = read({ page, perPage, limit: perPage, offset: (page - 1) * perPage })
  return { items: items.map(json), page, perPage, total }
}
