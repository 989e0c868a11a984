import type { Clock } from '../clock.js'
import type { Repositories } from '../db/index.js'
import type { PushSubscriptionRow } from '../db/pushSubscriptions.js'
import type { ReminderWebhook } from '../db/reminderWebhooks.js'
import { checkName, checkPushSubscription, checkWebhookUrl } from '../domain/destinationChecks.js'
import type { OutboundPolicy } from '../domain/netAddress.js'
import type { AccessContext } from './access.js'
import { ownerOnly } from './checks.js'
import { invalid, notFound, ok, okOr, type ServiceResult } from './result.js'

/** How a test send went: a channel's outcome (src/scheduler/channels/channel.ts), of which only "sent" has no error. */
type SendOutcome = { kind: 'sent' } | { kind: 'temporary' | 'permanent' | 'cancelled'; error: string }

/** "Send a test": the request a reminder would make, sent now (src/scheduler/notificationTests.ts). */
export interface TestSends {
  push(subscription: PushSubscriptionRow): Promise<SendOutcome>
  webhook(userId: number): Promise<SendOutcome>
}

export interface NotificationServiceDeps {
  repos: Pick<Repositories, 'pushSubscriptions' | 'reminderWebhooks'>
  clock: Clock
  outboundPolicy: OutboundPolicy
  testSends: TestSends
}

/** What a test send answers: whether it went out, and why not. */
export type TestResult = { sent: true; error: null } | { sent: false; error: string }

/** The webhook after a change; `secret` only when a new one was made (shown once). */
export interface WebhookChange {
  url: string
  secret?: string
}

export const NO_SUBSCRIPTION =
  'That browser is not among your push subscriptions: it may have been removed already.'
export const NO_WEBHOOK = 'You have no webhook yet: save its URL first.'

const testResult = (outcome: SendOutcome): TestResult =>
  outcome.kind === 'sent' ? { sent: true, error: null } : { sent: false, error: outcome.error }

/**
 * Where reminders go besides e-mail: browsers subscribed to Web Push and one webhook per user.
 * Pages and the API check and save them here alike; destinations are checked against the
 * operator's outbound policy (no private addresses unless WEBHOOK_ALLOW_PRIVATE).
 */
export function notificationService(deps: NotificationServiceDeps) {
  const { repos, clock, outboundPolicy, testSends } = deps
  const subscription = (access: AccessContext, id: number) =>
    okOr(repos.pushSubscriptions.get(access.ownerId, id), () => notFound(NO_SUBSCRIPTION))

  return {
    overview: (
      access: AccessContext,
    ): { subscriptions: PushSubscriptionRow[]; webhook: ReminderWebhook | null } => ({
      subscriptions: repos.pushSubscriptions.list(access.ownerId),
      webhook: repos.reminderWebhooks.get(access.ownerId) ?? null,
    }),

    ...ownerOnly({
      /** Adds (or renews) a browser's push subscription. */
      subscribe(
        access: AccessContext,
        input: { endpoint: string; keys: { p256dh: string; auth: string }; name?: string | undefined },
      ): ServiceResult<PushSubscriptionRow> {
        const checked = checkPushSubscription(input, outboundPolicy)
        if (!checked.ok) return invalid(checked.problems)
        return ok(repos.pushSubscriptions.save(access.ownerId, checked.value, clock.now()))
      },

      rename(access: AccessContext, id: number, name: string): ServiceResult<PushSubscriptionRow> {
        const checked = checkName(name)
        if (!checked.ok) return invalid(checked.problems, `The name ${checked.problems.name}`)
        if (!repos.pushSubscriptions.rename(access.ownerId, id, checked.value))
          return notFound(NO_SUBSCRIPTION)
        return subscription(access, id)
      },

      unsubscribe(access: AccessContext, id: number): ServiceResult<null> {
        return repos.pushSubscriptions.remove(access.ownerId, id) ? ok(null) : notFound(NO_SUBSCRIPTION)
      },

      /** Pushes a test notification to one of the user's browsers now. */
      async testPush(
        access: AccessContext,
        id: number,
      ): Promise<ServiceResult<TestResult & { subscription: PushSubscriptionRow }>> {
        const found = subscription(access, id)
        if (!found.ok) return found
        return ok({ ...testResult(await testSends.push(found.value)), subscription: found.value })
      },

      /** Sets the webhook's URL; a new webhook gets a signing secret. */
      setWebhook(access: AccessContext, url: string): ServiceResult<WebhookChange> {
        const checked = checkWebhookUrl(url, outboundPolicy)
        if (!checked.ok) return invalid(checked.problems, checked.problems.url)
        const secret = repos.reminderWebhooks.save(access.ownerId, checked.value, clock.now())
        return ok(secret === undefined ? { url: checked.value } : { url: checked.value, secret })
      },

      rotateWebhookSecret(access: AccessContext): ServiceResult<Required<WebhookChange>> {
        const secret = repos.reminderWebhooks.rotateSecret(access.ownerId, clock.now())
        const webhook = repos.reminderWebhooks.get(access.ownerId)
        return secret === undefined || !webhook ? notFound(NO_WEBHOOK) : ok({ url: webhook.url, secret })
      },

      removeWebhook(access: AccessContext): ServiceResult<null> {
        return repos.reminderWebhooks.remove(access.ownerId) ? ok(null) : notFound(NO_WEBHOOK)
      },

      /** POSTs a test to the user's webhook now. */
      async testWebhook(access: AccessContext): Promise<ServiceResult<TestResult>> {
        return ok(testResult(await testSends.webhook(access.ownerId)))
      },
    }),
  }
}

export type NotificationService = ReturnType<typeof notificationService>
