import type { Cleanup, TestApp } from './app.js'
import { HttpPeer } from './httpPeer.js'
import { PushPeer } from './pushPeer.js'

/** Outbound requests to 127.0.0.1 are what these peers need. */
export const CHANNEL_ENV = { WEBHOOK_ALLOW_PRIVATE: 'true' }

/** A push service and a webhook receiver on 127.0.0.1, stopped after the apps (cleanups: see cleanupAfterEach). */
export async function channelPeers(cleanups: Cleanup[]) {
  const push = await new PushPeer().start()
  const webhook = await new HttpPeer().start()
  cleanups.unshift(
    () => push.stop(),
    () => webhook.stop(),
  )
  return { push, webhook }
}

/** Subscribes one browser of the user to Web Push at the peer, as the settings page does. */
export function subscribePush(app: TestApp, userId: number, peer: PushPeer, name = 'Laptop') {
  const { endpoint, subscription } = peer.subscribe()
  const row = app.repos.pushSubscriptions.save(
    userId,
    { endpoint, p256dh: subscription.p256dh, auth: subscription.authSecret, name },
    app.clock.now(),
  )
  return { row, subscription }
}

/** Sets the user's webhook to the peer; returns its signing secret. */
export function setWebhook(app: TestApp, userId: number, peer: HttpPeer, path = '/hook'): string {
  const secret = app.repos.reminderWebhooks.save(userId, peer.url(path), app.clock.now())
  if (!secret) throw new Error('the user already had a webhook')
  return secret
}

/** Every delivery row of the coach's mail, by channel, oldest first. */
export const coachDeliveries = (app: TestApp, coachId: number) =>
  app.db
    .prepare(
      `SELECT d.channel, d.state, d.attempts, d.last_error, d.message_key, m.kind FROM reminder_deliveries d
       JOIN coach_mail m ON m.id = d.coach_mail_id WHERE d.user_id = ? ORDER BY d.id`,
    )
    .all(coachId) as {
    channel: string
    state: string
    attempts: number
    last_error: string | null
    message_key: string
    kind: string
  }[]

/** Every delivery row on a channel other than e-mail (push, webhook), oldest first. */
export const channelDeliveries = (app: TestApp) =>
  app.db
    .prepare(
      "SELECT channel, target, state, attempts, next_attempt_at, last_error, sent_at FROM reminder_deliveries WHERE channel <> 'email' ORDER BY id",
    )
    .all() as {
    channel: string
    target: string
    state: string
    attempts: number
    next_attempt_at: number
    last_error: string | null
    sent_at: number | null
  }[]

/** How many messages the Mailbox holds, everyone's. */
export const mailboxCount = (app: TestApp) =>
  app.db.prepare('SELECT count(*) FROM mailbox').pluck().get() as number
