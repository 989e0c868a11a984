import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  database: Type.String(),
})

const health: FastifyPluginAsyncTypebox = async (app) => {
  const ping = app.db.prepare('SELECT 1').pluck()
  app.get(
    '/healthz',
    { schema: { response: { 200: HealthResponse, 503: HealthResponse } }, logLevel: 'warn' },
    async (_request, reply) => {
      try {
        ping.get()
        return { status: 'ok' as const, database: 'ok' }
      } catch (error) {
        return reply.code(503).send({ status: 'error' as const, database: (error as Error).message })
      }
    },
  )
}

export default health
