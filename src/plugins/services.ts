import fp from 'fastify-plugin'
import { buildServices, type Services } from '../services/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    services: Services
  }
}

/** The feature services, decorated once for both route trees. */
export default fp(
  async (app) => {
    app.decorate(
      'services',
      buildServices({
        db: app.db,
        repos: app.repos,
        clock: app.clock,
        config: app.config,
        drafts: app.drafts,
      }),
    )
  },
  { name: 'services', dependencies: ['db', 'config', 'mailer', 'scheduler', 'drafts'] },
)
