import fp from 'fastify-plugin'
import { buildServices, type Services } from '../services/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The features' services, shared by pages, the API and the CLI. */
    services: Services
  }
}

export default fp(
  async (app) => {
    app.decorate(
      'services',
      buildServices({
        db: app.db,
        repos: app.repos,
        clock: app.clock,
        config: app.config,
        mailer: app.mailer,
      }),
    )
  },
  { name: 'services', dependencies: ['db', 'config', 'mailer'] },
)
