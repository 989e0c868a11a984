import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type Static, type TSchema, Type } from 'typebox'
import type { AccessContext } from '../../services/access.js'
import type { ServiceResult } from '../../services/result.js'
import { answer, answerEach, answerRemoved } from './answer.js'
import { answers, byId, removal } from './schemas.js'

type ApiApp = Parameters<FastifyPluginAsyncTypebox>[0]

/**
 * How one kind of row is answered: the schema of one row and the JSON of one. The schema is kept
 * as a plain TSchema: the answers go out through reply.send, so no handler's return type names it.
 */
export type RowShape<T> = { response: TSchema; json: (row: T) => unknown }

/** A change or a new row: the body as checked against `body`, saved against the `:id` of the path. */
export type RowWrite<B extends TSchema, T> = {
  body: B
  save: (access: AccessContext, id: number, body: Static<B>) => ServiceResult<T>
}

/** The usual routes of one kind of the caller's rows, each answered in `shape` under `tags`. */
export function rowRoutes<T>(app: ApiApp, tags: string[], { response, json }: RowShape<T>) {
  return {
    /** GET and POST /interviews/:id/<rows>: the rows of one interview, and a new one of it (201). */
    ofInterview<C extends TSchema>(
      rows: string,
      list: (access: AccessContext, interviewId: number) => ServiceResult<T[]>,
      create: RowWrite<C, T>,
    ) {
      const path = `/interviews/:id/${rows}`
      app.get(
        path,
        { schema: byId(tags, { response: answers(200, Type.Array(response)) }) },
        async (request, reply) => answerEach(reply, list(request.access!, request.params.id), json),
      )
      app.post(
        path,
        { schema: byId(tags, { body: create.body, response: answers(201, response) }) },
        async (request, reply) =>
          // The type provider leaves a generic body schema's type unresolved; the schema has checked it.
          answer(
            reply,
            create.save(request.access!, request.params.id, request.body as Static<C>),
            json,
            201,
          ),
      )
    },

    /** GET, PATCH and DELETE of the one row that `path`'s `:id` names, each route only when given. */
    byId<P extends TSchema>(
      path: string,
      routes: {
        get?: (access: AccessContext, id: number) => ServiceResult<T>
        patch?: RowWrite<P, T>
        remove?: (access: AccessContext, id: number) => ServiceResult<unknown>
      },
    ) {
      const { get, patch, remove } = routes
      if (get)
        app.get(path, { schema: byId(tags, { response: answers(200, response) }) }, async (request, reply) =>
          answer(reply, get(request.access!, request.params.id), json),
        )
      if (patch)
        app.patch(
          path,
          { schema: byId(tags, { body: patch.body, response: answers(200, response) }) },
          async (request, reply) =>
            // As above: the body's type is the schema's, which the type provider cannot name here.
            answer(reply, patch.save(request.access!, request.params.id, request.body as Static<P>), json),
        )
      if (remove)
        app.delete(path, { schema: removal(tags) }, async (request, reply) =>
          answerRemoved(reply, remove(request.access!, request.params.id)),
        )
    },
  }
}
