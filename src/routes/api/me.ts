import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { accountProblems, saveProfile } from '../../auth/accounts.js'
import { sendInvalid } from '../../plugins/errors.js'
import { ErrorResponse } from './schemas.js'

export const MeResponse = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
})

const MePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
)

const me: FastifyPluginAsyncTypebox = async (app) => {
  const view = (id: number) => {
    const user = app.repos.users.findById(id)!
    return { id: user.id, email: user.email, name: user.name, timeZone: user.timeZone }
  }

  app.get(
    '/me',
    { schema: { tags: ['account'], response: { 200: MeResponse, 401: ErrorResponse } } },
    async (request) => view(request.access!.ownerId),
  )

  app.patch(
    '/me',
    {
      schema: {
        tags: ['account'],
        body: MePatch,
        response: { 200: MeResponse, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      const user = request.owner!
      const fields = accountProblems(app.repos, request.body)
      if (Object.keys(fields).length > 0) return sendInvalid(request, reply, fields)
      saveProfile(
        app.db,
        app.repos,
        user.id,
        {
          name: request.body.name ?? user.name,
          email: user.email,
          timeZone: request.body.timeZone ?? user.timeZone,
        },
        app.clock.now(),
      )
      return view(user.id)
    },
  )
}

export default me
