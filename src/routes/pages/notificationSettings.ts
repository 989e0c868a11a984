import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { sendError, sendInvalid } from '../../plugins/errors.js'
import {
  checkName,
  checkPushSubscription,
  checkWebhookUrl,
} from '../../scheduler/channels/destinationInput.js'
import { FAILURE_STATUS } from '../../services/result.js'
import { IdParams } from '../params.js'
import { flashBack, flashTo } from './formSteps.js'

const Csrf = { _csrf: Type.Optional(Type.String()) }
const PushBody = Type.Object({
  endpoint: Type.String({ maxLength: 2000 }),
  expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  keys: Type.Object({ p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  ...Csrf,
})
const NameForm = Type.Object({ name: Type.String({ maxLength: 200 }), ...Csrf })
const UrlForm = Type.Object({ url: Type.String({ maxLength: 2100 }), ...Csrf })
const EmptyForm = Type.Object({ ...Csrf })

const GONE = 'That browser is no longer subscribed. Reload the page.'

/** Settings → Reminders: browsers subscribed to Web Push and the webhook (the forms post here). */
const notificationSettingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const back = (request: FastifyRequest, reply: FastifyReply, type: 'success' | 'error', message: string) =>
    flashTo(request, reply, '/settings/reminders#notifications', { type, message })

  // Posted as JSON by public/js/push-subscribe.js, with the CSRF token in a header.
  app.post('/settings/reminders/push', { schema: { body: PushBody } }, async (request, reply) => {
    const checked = checkPushSubscription(request.body, app.outboundPolicy)
    if (!checked.ok) return sendInvalid(request, reply, checked.problems)
    const row = app.repos.pushSubscriptions.save(request.access!.ownerId, checked.value, app.clock.now())
    return reply.code(201).send({ id: row.id, name: row.name })
  })

  app.post(
    '/settings/reminders/push/:id/rename',
    { schema: { params: IdParams, body: NameForm } },
    async (request, reply) => {
      const checked = checkName(request.body.name)
      if (!checked.ok) return back(request, reply, 'error', `The name ${checked.problems.name}`)
      if (!app.repos.pushSubscriptions.rename(request.access!.ownerId, request.params.id, checked.value))
        return sendError(request, reply, 404, GONE)
      return back(request, reply, 'success', `Renamed to “${checked.value}”.`)
    },
  )

  app.post(
    '/settings/reminders/push/:id/remove',
    { schema: { params: IdParams, body: EmptyForm } },
    async (request, reply) => {
      if (!app.repos.pushSubscriptions.remove(request.access!.ownerId, request.params.id))
        return sendError(request, reply, 404, GONE)
      return back(request, reply, 'success', 'That browser no longer gets reminders.')
    },
  )

  app.post(
    '/settings/reminders/push/:id/test',
    { schema: { params: IdParams, body: EmptyForm } },
    async (request, reply) => {
      const subscription = app.repos.pushSubscriptions.get(request.access!.ownerId, request.params.id)
      if (!subscription) return sendError(request, reply, 404, GONE)
      const outcome = await app.notificationTests.push(subscription)
      return outcome.kind === 'sent'
        ? back(request, reply, 'success', `Test notification sent to “${subscription.name}”.`)
        : back(request, reply, 'error', `The test notification did not go out: ${outcome.error}`)
    },
  )

  app.post('/settings/reminders/webhook', { schema: { body: UrlForm } }, async (request, reply) => {
    const checked = checkWebhookUrl(request.body.url, app.outboundPolicy)
    if (!checked.ok) return back(request, reply, 'error', checked.problems.url ?? 'Invalid webhook URL.')
    const secret = app.repos.reminderWebhooks.save(request.access!.ownerId, checked.value, app.clock.now())
    return back(
      request,
      reply,
      'success',
      secret === undefined
        ? 'Webhook URL saved; the signing secret is unchanged.'
        : `Webhook saved. Its signing secret, shown only now: ${secret}`,
    )
  })

  app.post('/settings/reminders/webhook/secret', { schema: { body: EmptyForm } }, async (request, reply) => {
    const secret = app.repos.reminderWebhooks.rotateSecret(request.access!.ownerId, app.clock.now())
    if (secret === undefined) return back(request, reply, 'error', 'There is no webhook yet.')
    return back(request, reply, 'success', `New signing secret, shown only now: ${secret}`)
  })

  app.post('/settings/reminders/webhook/remove', { schema: { body: EmptyForm } }, async (request, reply) => {
    app.repos.reminderWebhooks.remove(request.access!.ownerId)
    return back(request, reply, 'success', 'Webhook removed.')
  })

  app.post('/settings/reminders/webhook/test', { schema: { body: EmptyForm } }, async (request, reply) => {
    const outcome = await app.notificationTests.webhook(request.access!.ownerId)
    return outcome.kind === 'sent'
      ? back(request, reply, 'success', 'Test POST delivered to your webhook.')
      : back(request, reply, 'error', `The test POST did not go through: ${outcome.error}`)
  })

  app.post(
    '/reminders/deliveries/:id/retry',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ back: Type.Optional(Type.String({ maxLength: 500 })), ...Csrf }),
      },
    },
    async (request, reply) => {
      const retried = app.services.reminders.retryDelivery(request.access!, request.params.id)
      if (!retried.ok) return sendError(request, reply, FAILURE_STATUS[retried.error], retried.message)
      return flashBack(
        request,
        reply,
        request.body.back,
        '/reminders',
        'It will be sent again within a minute.',
      )
    },
  )
}

export default notificationSettingsPages
