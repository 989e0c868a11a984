import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

export const MeResponse = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
})

const me: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    { schema: { response: { 200: MeResponse }, security: [{ bearerAuth: [] }] } },
    async (request) => {
      const { id, email, name, timeZone } = request.user!
      return { id, email, name, timeZone }
    },
  )
}

export default me
