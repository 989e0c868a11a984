import type { FastifyInstance } from 'fastify'
import { CoachDigestSender } from './coachDigest.js'

/** The coach mail sender as the scheduler plugin runs it, reading each recipient at send time. */
export function coachDigestSender(app: FastifyInstance, leaseMs: number): CoachDigestSender {
  const { repos } = app
  return new CoachDigestSender({
    mail: repos.coachDigests,
    recipient: (coachId) => {
      const user = repos.users.findById(coachId)
      if (!user) return undefined
      return {
        name: user.name,
        timeZone: user.timeZone,
        address: repos.reminders.settings(coachId).email ?? user.email,
        digestEnabled: repos.coachDigests.settings(coachId).enabled,
      }
    },
    notice: (requestId, coachId) => repos.coachReviews.notice(requestId, coachId),
    mailer: app.mailer,
    clock: app.clock,
    log: app.log.child({ component: 'coach-mail' }),
    baseUrl: app.config.baseUrl,
    leaseMs,
  })
}
