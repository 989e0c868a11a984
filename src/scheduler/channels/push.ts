import webPush from 'web-push'
import type { PushSubscriptionRow, PushSubscriptionsRepository } from '../../db/pushSubscriptions.js'
import type { VapidKeys } from '../../vapidKeys.js'
import type { Channel, ClaimedDelivery, DeliveryOutcome, NotificationContent } from './channel.js'
import { DestinationRefusedError, type OutboundPolicy, postPinned } from './pinnedHttp.js'

/** A reminder left undelivered by the push service for a day is no longer worth showing. */
const PUSH_TTL_SECONDS = 24 * 3600

export interface PushDeps {
  subscriptions: PushSubscriptionsRepository
  vapid: VapidKeys & { subject: string }
  policy: OutboundPolicy
  now: () => number
}

/**
 * Encrypts (RFC 8291, aes128gcm) and signs (VAPID, RFC 8292) with the web-push package, then
 * sends the request itself over the pinned client, so push endpoints get the same address
 * checks as webhooks.
 */
export async function sendPush(
  subscription: PushSubscriptionRow,
  content: NotificationContent,
  deps: PushDeps,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  const payload = JSON.stringify({
    title: content.title,
    body: content.body,
    url: content.url,
    tag: content.tag,
  })
  let details: ReturnType<typeof webPush.generateRequestDetails>
  try {
    details = webPush.generateRequestDetails(
      { endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } },
      payload,
      {
        vapidDetails: {
          subject: deps.vapid.subject,
          publicKey: deps.vapid.publicKey,
          privateKey: deps.vapid.privateKey,
        },
        TTL: PUSH_TTL_SECONDS,
        urgency: 'high',
        contentEncoding: 'aes128gcm',
      },
    )
  } catch (error) {
    return { kind: 'permanent', error: `The subscription cannot be used: ${(error as Error).message}` }
  }
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(details.headers)) headers[name] = String(value)
  try {
    const response = await postPinned(
      subscription.endpoint,
      headers,
      details.body ?? Buffer.alloc(0),
      deps.policy,
      signal,
    )
    const status = response.status
    if (status >= 200 && status < 300) {
      deps.subscriptions.markUsed(subscription.id, deps.now())
      return { kind: 'sent' }
    }
    const detail = `The push service answered ${status}${response.text.trim() ? `: ${response.text.replace(/\s+/g, ' ').trim().slice(0, 200)}` : ''}`
    if (status === 404 || status === 410) {
      // The browser unsubscribed or the subscription expired (RFC 8030 §7.3): forget it.
      deps.subscriptions.removeGone(subscription.id, subscription.endpoint)
      return { kind: 'permanent', error: `${detail}. The browser's subscription has ended and was removed.` }
    }
    if (status >= 500 || status === 408 || status === 429) return { kind: 'temporary', error: detail }
    return { kind: 'permanent', error: detail }
  } catch (error) {
    if (error instanceof DestinationRefusedError) return { kind: 'permanent', error: error.message }
    return { kind: 'temporary', error: `The push service could not be reached: ${(error as Error).message}` }
  }
}

export function pushChannel(deps: PushDeps): Channel {
  return {
    name: 'push',
    async deliver(delivery: ClaimedDelivery, content: NotificationContent, signal: AbortSignal) {
      const subscription = deps.subscriptions.get(delivery.userId, Number(delivery.target))
      if (!subscription)
        return { kind: 'cancelled', error: 'Not sent: this browser was removed from notifications.' }
      return sendPush(subscription, content, deps, signal)
    },
  }
}
