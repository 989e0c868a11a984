import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { PushSubscriptionRow } from '../../db/pushSubscriptions.js'
import { answer, answerRemoved } from './answer.js'
import { IdParams, iso, isoOrNull, NullableInstant, reminderRoute } from './schemas.js'

const Subscription = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  endpointOrigin: Type.String({ description: 'The push service this browser uses' }),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: NullableInstant,
})
const SubscriptionBody = Type.Object(
  {
    endpoint: Type.String({ maxLength: 2000, description: 'PushSubscription.endpoint (https)' }),
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object({ p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) }),
    name: Type.Optional(Type.String({ maxLength: 100, description: 'What to call this browser or device' })),
  },
  { description: "A browser's PushSubscription.toJSON(), with an optional name" },
)
const TestResult = Type.Object({ sent: Type.Boolean(), error: Type.Union([Type.String(), Type.Null()]) })
const Webhook = Type.Object({
  url: Type.Union([Type.String(), Type.Null()]),
  secret: Type.Optional(
    Type.String({ description: 'Only in the answer that created the webhook or renewed its secret' }),
  ),
})
const Overview = Type.Object({
  vapidPublicKey: Type.String({ description: 'applicationServerKey for PushManager.subscribe()' }),
  subscriptions: Type.Array(Subscription),
  webhook: Webhook,
})

const origin = (endpoint: string) => {
  try {
    return new URL(endpoint).origin
  } catch {
    return ''
  }
}
const subscriptionJson = (s: PushSubscriptionRow) => ({
  id: s.id,
  name: s.name,
  endpointOrigin: origin(s.endpoint),
  createdAt: iso(s.createdAt),
  lastUsedAt: isoOrNull(s.lastUsedAt),
})
/** Where reminders go besides e-mail: browsers subscribed to Web Push and one webhook. */
const notifications: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.notifications

  app.get(
    '/notifications',
    reminderRoute('Your push subscriptions and webhook.', 200, Overview),
    async (request) => {
      const { subscriptions, webhook } = service.overview(request.access!)
      return {
        vapidPublicKey: app.vapid.publicKey,
        subscriptions: subscriptions.map(subscriptionJson),
        webhook: { url: webhook?.url ?? null },
      }
    },
  )

  app.post(
    '/push-subscriptions',
    reminderRoute(
      'Adds (or renews) a browser subscribed to Web Push; reminders are pushed to it.',
      201,
      Subscription,
      { body: SubscriptionBody },
    ),
    async (request, reply) =>
      answer(reply, service.subscribe(request.access!, request.body), subscriptionJson, 201),
  )

  app.patch(
    '/push-subscriptions/:id',
    reminderRoute('Renames a push subscription.', 200, Subscription, {
      params: IdParams,
      body: Type.Object({ name: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
    }),
    async (request, reply) =>
      answer(reply, service.rename(request.access!, request.params.id, request.body.name), subscriptionJson),
  )

  app.delete(
    '/push-subscriptions/:id',
    reminderRoute('Stops pushing reminders to this browser.', 204, Type.Null(), { params: IdParams }),
    async (request, reply) => answerRemoved(reply, service.unsubscribe(request.access!, request.params.id)),
  )

  app.post(
    '/push-subscriptions/:id/test',
    reminderRoute('Pushes a test notification to this browser now.', 200, TestResult, { params: IdParams }),
    async (request, reply) =>
      answer(reply, await service.testPush(request.access!, request.params.id), ({ sent, error }) => ({
        sent,
        error,
      })),
  )

  app.put(
    '/reminder-webhook',
    reminderRoute(
      'Sets the https URL that receives a signed JSON POST per reminder. A new webhook answers with its signing secret, once.',
      200,
      Webhook,
      { body: Type.Object({ url: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) },
    ),
    async (request, reply) =>
      answer(reply, service.setWebhook(request.access!, request.body.url), (change) => change),
  )

  app.post(
    '/reminder-webhook/secret',
    reminderRoute('Replaces the signing secret; the answer carries the new one, once.', 200, Webhook),
    async (request, reply) => answer(reply, service.rotateWebhookSecret(request.access!), (change) => change),
  )

  app.delete(
    '/reminder-webhook',
    reminderRoute('Removes your webhook.', 204, Type.Null()),
    async (request, reply) => answerRemoved(reply, service.removeWebhook(request.access!)),
  )

  app.post(
    '/reminder-webhook/test',
    reminderRoute('Sends a test POST to your webhook now.', 200, TestResult),
    async (request, reply) => answer(reply, await service.testWebhook(request.access!), (result) => result),
  )
}

export default notifications
