import fp from 'fastify-plugin'
import { buildServices, type Services } from '../services/index.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Each feature's rules and transactions, called with the request's access context. */
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
        imports: app.imports,
        outboundPolicy: app.outboundPolicy,
        testSends: app.notificationTests,
        sendNow: () => app.reminderDispatcher.runDuePass(),
      }),
    )
  },
  { name: 'services', dependencies: ['db', 'config', 'mailer', 'scheduler', 'imports'] },
)
