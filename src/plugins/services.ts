import fp from 'fastify-plugin'
import { buildServices, type Services } from '../services/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** The feature services, built once for the app's database, clock and configuration. */
export default fp(
  async (app) => {
    app.decorate(
      'services',
      buildServices({ db: app.db, repos: app.repos, clock: app.clock, config: app.config }),
    )
  },
  { name: 'services', dependencies: ['config', 'db'] },
)
