import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { User } from '../../db/users.js'
import { sendInvalid } from '../../plugins/errors.js'
import { sendFailure } from '../serviceFailure.js'
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
  const accounts = app.services.accounts
  const view = (user: User) => ({ id: user.id, email: user.email, name: user.name, timeZone: user.timeZone })

  app.get(
    '/me',
    { schema: { tags: ['account'], response: { 200: MeResponse, 401: ErrorResponse } } },
    async (request, reply) => {
      const user = accounts.profile(request.access!)
      return user.ok ? view(user.value) : sendFailure(request, reply, user)
    },
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
      const { name, timeZone } = request.body
      const saved = accounts.updateProfile(request.access!, {
        ...(name === undefined ? {} : { name }),
        ...(timeZone === undefined ? {} : { timeZone }),
      })
      if (saved.ok) return view(saved.value)
      return saved.error === 'invalid'
        ? sendInvalid(request, reply, saved.fields)
        : sendFailure(request, reply, saved)
    },
  )
}

export default me
