import type { FastifyPluginAsync } from 'fastify'
import me from './me.js'

/** Everything under /api/v1 requires a bearer token. */
const api: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', app.requireUser)
  await app.register(me)
}

export default api
