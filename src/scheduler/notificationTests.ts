import type { PushSubscriptionRow } from '../db/pushSubscriptions.js'
import type { ReminderWebhooksRepository } from '../db/reminderWebhooks.js'
import type { DeliveryOutcome, NotificationContent } from './channels/channel.js'
import type { OutboundPolicy } from './channels/pinnedHttp.js'
import { type PushDeps, sendPush } from './channels/push.js'
import { sendToWebhook, webhookRequest } from './channels/webhook.js'

/** "Send a test" on the settings page and in the API: the same request a reminder makes, sent now. */
export function notificationTests(deps: {
  push: PushDeps
  webhooks: ReminderWebhooksRepository
  policy: OutboundPolicy
  baseUrl: string
}) {
  const content = (): NotificationContent => ({
    title: 'Debrief test notification',
    body: 'Reminders will arrive like this.',
    url: `${deps.baseUrl.replace(/\/+$/, '')}/settings/reminders`,
    tag: 'debrief-test',
  })
  return {
    push(subscription: PushSubscriptionRow): Promise<DeliveryOutcome> {
      return sendPush(subscription, content(), deps.push, AbortSignal.timeout(15_000))
    },
    async webhook(userId: number): Promise<DeliveryOutcome> {
      const hook = deps.webhooks.get(userId)
      if (!hook) return { kind: 'permanent', error: 'There is no webhook to test; save a URL first.' }
      const request = webhookRequest(
        content(),
        { id: `test-${Date.now()}`, subjectId: 0, kind: 'test' },
        hook.secret,
        Date.now(),
      )
      return sendToWebhook(hook.url, request, deps.policy, AbortSignal.timeout(15_000))
    },
  }
}

export type NotificationTests = ReturnType<typeof notificationTests>
