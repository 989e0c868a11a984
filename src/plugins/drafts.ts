import fp from 'fastify-plugin'
import { DraftSender } from '../scheduler/draftSender.js'

/**
 * Sending follow-up notes: sends wait in a durable queue for their undo window; the reminder
 * dispatcher's passes send them. The notes themselves are app.services.drafts.
 */
export default fp(
  async (app) => {
    const { sendTimeoutMs } = app.config
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
  },
  { name: 'drafts', dependencies: ['db', 'mailer', 'scheduler'] },
)
