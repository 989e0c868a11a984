import { createHmac } from 'node:crypto'
import type { ReminderWebhooksRepository } from '../../db/reminderWebhooks.js'
import type {
  Channel,
  ClaimedDelivery,
  DeliveryContent,
  DeliveryEvent,
  DeliveryOutcome,
  NotificationContent,
} from './channel.js'
import { DestinationRefusedError, type OutboundPolicy, postPinned } from './pinnedHttp.js'

/** `sha256=<hex>` of HMAC-SHA256(secret, "<timestamp>.<body>"): what X-Debrief-Signature carries. */
export function webhookSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`
}

/** The body's field that names what the delivery is of. */
const SUBJECT_KEY: Record<DeliveryEvent, string> = {
  reminder: 'reminderId',
  study: 'nudgeId',
  coach: 'coachMailId',
}

export interface WebhookRequest {
  headers: Record<string, string>
  body: Buffer
}

/**
 * The JSON body every receiver gets, and headers that make an ntfy topic URL
 * (https://ntfy.sh/<topic>) show it as a notification out of the box: ntfy's message
 * templating fills the title and message from the JSON body; other receivers ignore them.
 */
export function webhookRequest(
  content: NotificationContent,
  meta: { id: string; event?: DeliveryEvent; subjectId: number; kind: string },
  secret: string,
  nowMs: number,
): WebhookRequest {
  const body = Buffer.from(
    JSON.stringify({
      event: meta.event ?? 'reminder',
      id: meta.id,
      [SUBJECT_KEY[meta.event ?? 'reminder']]: meta.subjectId,
      kind: meta.kind,
      title: content.title,
      message: content.body,
      click: content.url,
      tag: content.tag,
    }),
  )
  const timestamp = String(Math.floor(nowMs / 1000))
  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'Debrief-Webhook/1',
      'X-Debrief-Event': meta.event ?? 'reminder',
      'X-Debrief-Delivery': meta.id,
      'X-Debrief-Timestamp': timestamp,
      'X-Debrief-Signature': webhookSignature(secret, timestamp, body),
      'X-Template': 'yes',
      'X-Title': '{{.title}}',
      'X-Message': '{{.message}}',
      'X-Click': content.url,
      'X-Tags': 'bell',
    },
  }
}

export function webhookChannel(deps: {
  webhooks: ReminderWebhooksRepository
  policy: OutboundPolicy
  now: () => number
}): Channel {
  return {
    name: 'webhook',
    async deliver(
      delivery: ClaimedDelivery,
      content: DeliveryContent,
      signal: AbortSignal,
    ): Promise<DeliveryOutcome> {
      const hook = deps.webhooks.get(delivery.userId)
      if (!hook) return { kind: 'cancelled', error: 'Not sent: the webhook was removed.' }
      const request = webhookRequest(
        content,
        { id: delivery.messageKey, event: content.event, subjectId: content.subjectId, kind: content.kind },
        hook.secret,
        deps.now(),
      )
      return sendToWebhook(hook.url, request, deps.policy, signal)
    },
  }
}

export async function sendToWebhook(
  url: string,
  request: WebhookRequest,
  policy: OutboundPolicy,
  signal: AbortSignal,
): Promise<DeliveryOutcome> {
  try {
    const response = await postPinned(url, request.headers, request.body, policy, signal)
    if (response.status >= 200 && response.status < 300) return { kind: 'sent' }
    const detail = `The webhook answered ${response.status}${response.text.trim() ? `: ${response.text.replace(/\s+/g, ' ').trim().slice(0, 200)}` : ''}`
    if (response.status >= 500 || [408, 425, 429].includes(response.status))
      return { kind: 'temporary', error: detail }
    return { kind: 'permanent', error: detail }
  } catch (error) {
    if (error instanceof DestinationRefusedError) return { kind: 'permanent', error: error.message }
    return { kind: 'temporary', error: `The webhook could not be reached: ${(error as Error).message}` }
  }
}
