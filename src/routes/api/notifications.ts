import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { PushSubscriptionRow } from '../../db/pushSubscriptions.js'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import type { DeliveryOutcome } from '../../scheduler/channels/channel.js'
import {
  checkName,
  checkPushSubscription,
  checkWebhookUrl,
} from '../../scheduler/channels/destinationInput.js'
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
/** A test push or POST: whether it went out, and why not. */
const testJson = (outcome: DeliveryOutcome) => ({
  sent: outcome.kind === 'sent',
  error: outcome.kind === 'sent' ? null : outcome.error,
})
/** 204 once removed; 404 with `missing` when there was nothing of the caller's to remove. */
const answerRemoval = (request: FastifyRequest, reply: FastifyReply, removed: boolean, missing: string) =>
  removed ? reply.code(204).send(null) : sendError(request, reply, 404, missing)
const NO_SUBSCRIPTION =
  'There is no such push subscription among yours. List them with GET /api/v1/notifications.'

/** Where reminders go besides e-mail: browsers subscribed to Web Push and one webhook. */
const notifications: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/notifications',
    reminderRoute('Your push subscriptions and webhook.', 200, Overview),
    async (request) => {
      const user = request.owner!
      return {
        vapidPublicKey: app.vapid.publicKey,
        subscriptions: app.repos.pushSubscriptions.list(user.id).map(subscriptionJson),
        webhook: { url: app.repos.reminderWebhooks.get(user.id)?.url ?? null },
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
    async (request, reply) => {
      const checked = checkPushSubscription(request.body, app.outboundPolicy)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const row = app.repos.pushSubscriptions.save(request.access!.ownerId, checked.value, app.clock.now())
      return reply.code(201).send(subscriptionJson(row))
    },
  )

  app.patch(
    '/push-subscriptions/:id',
    reminderRoute('Renames a push subscription.', 200, Subscription, {
      params: IdParams,
      body: Type.Object({ name: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
    }),
    async (request, reply) => {
      const user = request.owner!
      const checked = checkName(request.body.name)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      if (!app.repos.pushSubscriptions.rename(user.id, request.params.id, checked.value))
        return sendError(request, reply, 404, NO_SUBSCRIPTION)
      return subscriptionJson(app.repos.pushSubscriptions.get(user.id, request.params.id)!)
    },
  )

  app.delete(
    '/push-subscriptions/:id',
    reminderRoute('Stops pushing reminders to this browser.', 204, Type.Null(), { params: IdParams }),
    async (request, reply) =>
      answerRemoval(
        request,
        reply,
        app.repos.pushSubscriptions.remove(request.access!.ownerId, request.params.id),
        NO_SUBSCRIPTION,
      ),
  )

  app.post(
    '/push-subscriptions/:id/test',
    reminderRoute('Pushes a test notification to this browser now.', 200, TestResult, { params: IdParams }),
    async (request, reply) => {
      const subscription = app.repos.pushSubscriptions.get(request.access!.ownerId, request.params.id)
      if (!subscription) return sendError(request, reply, 404, NO_SUBSCRIPTION)
      return testJson(await app.notificationTests.push(subscription))
    },
  )

  app.put(
    '/reminder-webhook',
    reminderRoute(
      'Sets the https URL that receives a signed JSON POST per reminder. A new webhook answers with its signing secret, once.',
      200,
      Webhook,
      { body: Type.Object({ url: Type.String({ maxLength: 2000 }) }, { additionalProperties: false }) },
    ),
    async (request, reply) => {
      const checked = checkWebhookUrl(request.body.url, app.outboundPolicy)
      if (!checked.ok) return sendInvalid(request, reply, checked.problems)
      const secret = app.repos.reminderWebhooks.save(request.access!.ownerId, checked.value, app.clock.now())
      return secret === undefined ? { url: checked.value } : { url: checked.value, secret }
    },
  )

  app.post(
    '/reminder-webhook/secret',
    reminderRoute('Replaces the signing secret; the answer carries the new one, once.', 200, Webhook),
    async (request, reply) => {
      const user = request.owner!
      const secret = app.repos.reminderWebhooks.rotateSecret(user.id, app.clock.now())
      if (secret === undefined)
        return sendError(request, reply, 404, 'You have no webhook; set one with PUT first.')
      return { url: app.repos.reminderWebhooks.get(user.id)?.url ?? null, secret }
    },
  )

  app.delete(
    '/reminder-webhook',
    reminderRoute('Removes your webhook.', 204, Type.Null()),
    async (request, reply) =>
      answerRemoval(
        request,
        reply,
        app.repos.reminderWebhooks.remove(request.access!.ownerId),
        'You have no webhook.',
      ),
  )

  app.post(
    '/reminder-webhook/test',
    reminderRoute('Sends a test POST to your webhook now.', 200, TestResult),
    async (request) => testJson(await app.notificationTests.webhook(request.access!.ownerId)),
  )
}

export default notifications
