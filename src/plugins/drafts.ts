import fp from 'fastify-plugin'
import { type DraftService, draftService } from '../drafts/service.js'
import { DraftSender } from '../scheduler/draftSender.js'

declare module 'fastify' {
  interface FastifyInstance {
    drafts: DraftService
  }
}

/**
 * Follow-up drafts; sending them needs a mailer that reaches the outside world. Sends wait in a
 * durable queue for their undo window; the reminder dispatcher's passes send them.
 */
export default fp(
  async (app) => {
    const { sendTimeoutMs, sendUndoMs } = app.config
    const mailer = app.mailer.kind === 'local' ? null : app.mailer
    const sender = new DraftSender({
      outgoing: app.repos.outgoingDrafts,
      drafts: app.repos.drafts,
      mailer: app.mailer,
      clock: app.clock,
      log: app.log.child({ component: 'draft-sender' }),
      baseUrl: app.config.baseUrl,
      // A crashed attempt frees the send once the longest possible send is surely over.
      leaseMs: 2 * sendTimeoutMs,
    })
    app.reminderDispatcher.alsoRun(sender)
    app.decorate(
      'drafts',
      draftService({
        drafts: app.repos.drafts,
        plans: app.repos.draftPlans,
        outgoing: app.repos.outgoingDrafts,
        clock: app.clock,
        baseUrl: app.config.baseUrl,
        mailFrom: app.config.mailFrom,
        mailer,
        sendUndoMs,
        sendNow: () => app.reminderDispatcher.runDuePass(),
      }),
    )
  },
  { name: 'drafts', dependencies: ['db', 'mailer', 'scheduler'] },
)
