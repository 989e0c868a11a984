import type { FastifyPluginAsync } from 'fastify'
import { viewCommon } from './interviewPage.js'

/** The dashboard: what needs a follow-up now, what is late, what is coming, what was recently finished. */
const homePage: FastifyPluginAsync = async (app) => {
  app.get('/', async (request, reply) => {
    const common = viewCommon(app)
    return reply.page('home', {
      ...common,
      title: 'Dashboard',
      dashboard: app.repos.interviews.dashboard(request.user!.id, common.now),
    })
  })
}

export default homePage
