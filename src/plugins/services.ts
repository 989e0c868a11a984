import fp from 'fastify-plugin'
import { buildServices, type Services } from '../services/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** The services both route trees call, built once from the repositories, the clock and the config. */
export default fp(
  async (app) => {
    app.decorate(
      'services',
      buildServices({ db: app.db, repos: app.repos, clock: app.clock, config: app.config }),
    )
  },
  { name: 'services', dependencies: ['db', 'config'] },
)
