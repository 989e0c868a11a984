import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { Repositories } from '../db/index.js'
import type { Mailer } from '../mail/mailer.js'
import type { VapidKeys } from '../vapidKeys.js'
import { emailChannel } from './channels/email.js'
import type { OutboundPolicy } from './channels/pinnedHttp.js'
import { pushChannel } from './channels/push.js'
import { webhookChannel } from './channels/webhook.js'
import { CoachMailHandOff, type CoachMailSources } from './coachDigest.js'
import { deliveryContent } from './deliveryContent.js'
import { DeliveryDispatcher } from './deliveryDispatcher.js'
import { ReminderDispatcher } from './dispatcher.js'
import { StudyNudger } from './studyNudger.js'

export interface DispatcherDeps {
  repos: Repositories
  mailer: Pick<Mailer, 'send'>
  clock: Clock
  log: FastifyBaseLogger
  baseUrl: string
  /** How long a claim stays reserved; must exceed the longest send of any channel. */
  leaseMs: number
  batchSize?: number
  vapid: VapidKeys & { subject: string }
  policy: OutboundPolicy
}

/**
 * The reminder engine wired together: the plan of reminders, daily study reminders and the
 * coaches' mail handed off to one delivery queue, sent over e-mail, Web Push and the webhook.
 */
export function buildDispatcher(deps: DispatcherDeps): ReminderDispatcher {
  const { repos, clock, vapid, policy } = deps
  const now = () => clock.now()
  /** Who a message goes to, read at send time; `enabled`: whether that kind of message is still on. */
  const recipient = (userId: number, enabled: (userId: number) => boolean) => {
    const user = repos.users.findById(userId)
    if (!user) return undefined
    return {
      name: user.name,
      timeZone: user.timeZone,
      address: repos.reminders.settings(userId).email ?? user.email,
      enabled: enabled(userId),
    }
  }
  const coach: CoachMailSources = {
    mail: repos.coachDigests,
    recipient: (coachId) => recipient(coachId, (id) => repos.coachDigests.settings(id).enabled),
    notice: (requestId, coachId) => repos.coachReviews.notice(requestId, coachId),
  }
  const deliveries = new DeliveryDispatcher({
    deliveries: repos.reminderDeliveries,
    channels: [
      emailChannel({
        mailer: deps.mailer,
        renewMessageKey: (claim, key) => repos.reminderDeliveries.renewMessageKey(claim, key),
      }),
      pushChannel({ subscriptions: repos.pushSubscriptions, vapid, policy, now }),
      webhookChannel({ webhooks: repos.reminderWebhooks, policy, now: () => Date.now() }),
    ],
    content: (claim, at) =>
      deliveryContent(
        {
          reminder: (id) => repos.reminderDeliveries.reminder(id),
          context: (claimed) => repos.reminders.context(claimed),
          nudge: (id) => repos.reminderDeliveries.nudge(id),
          studyRecipient: (userId) => recipient(userId, (id) => repos.studyNudges.settings(id).enabled),
          coachMail: (id) => repos.reminderDeliveries.coachMail(id),
          coach,
          baseUrl: deps.baseUrl,
        },
        claim,
        at,
      ),
    clock,
    log: deps.log.child({ component: 'deliveries' }),
    leaseMs: deps.leaseMs,
    ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
  })
  const dispatcher = new ReminderDispatcher({
    reminders: repos.reminders,
    deliveries,
    clock,
    log: deps.log,
  })
  // The daily study reminders ride on the same pass (and so the same cron task, timer and shutdown).
  dispatcher.alsoPlan(
    new StudyNudger({
      nudges: repos.studyNudges,
      recipient: (userId, at) => {
        const user = repos.users.findById(userId)
        if (!user || !repos.studyNudges.settings(userId).enabled) return undefined
        return { timeZone: user.timeZone, dueCount: repos.studyCards.dueCount(userId, at + 1, null) }
      },
      clock,
      log: deps.log.child({ component: 'study-reminders' }),
      leaseMs: deps.leaseMs,
    }),
  )
  // So do the coach's digests and review-request notices.
  dispatcher.alsoPlan(
    new CoachMailHandOff({
      ...coach,
      clock,
      log: deps.log.child({ component: 'coach-mail' }),
      leaseMs: deps.leaseMs,
    }),
  )
  return dispatcher
}
