import fp from 'fastify-plugin'
import { type DraftService, draftService } from '../drafts/service.js'

declare module 'fastify' {
  interface FastifyInstance {
    drafts: DraftService
  }
}

/** Follow-up drafts; sending them needs a mailer that reaches the outside world. */
export default fp(
  async (app) => {
    const { sendTimeoutMs } = app.config
    app.decorate(
      'drafts',
      draftService({
        drafts: app.repos.drafts,
        clock: app.clock,
        baseUrl: app.config.baseUrl,
        mailer: app.mailer.kind === 'local' ? null : app.mailer,
        // A crashed attempt frees the draft once the longest possible send is surely over.
        sendLeaseMs: 2 * sendTimeoutMs,
      }),
    )
  },
  { name: 'drafts', dependencies: ['db', 'mailer'] },
)
