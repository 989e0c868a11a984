import type { FastifyPluginAsync } from 'fastify'

const homePage: FastifyPluginAsync = async (app) => {
  app.get('/', { preHandler: app.requireUser }, async (_request, reply) =>
    reply.page('home', { title: 'Dashboard' }),
  )
}

export default homePage
