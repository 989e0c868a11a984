import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { ServiceFailure } from '../../services/result.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { flashBack, flashTo } from './formSteps.js'
import { ButtonForm, CSRF_FIELD } from './forms.js'

const PushBody = Type.Object({
  endpoint: Type.String({ maxLength: 2000 }),
  expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  keys: Type.Object({ p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) }),
  name: Type.Optional(Type.String({ maxLength: 100 })),
  ...CSRF_FIELD,
})
const NameForm = Type.Object({ name: Type.String({ maxLength: 200 }), ...CSRF_FIELD })
const UrlForm = Type.Object({ url: Type.String({ maxLength: 2100 }), ...CSRF_FIELD })

/** Settings → Reminders: browsers subscribed to Web Push and the webhook (the forms post here). */
const notificationSettingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const notifications = app.services.notifications
  const back = (request: FastifyRequest, reply: FastifyReply, type: 'success' | 'error', message: string) =>
    flashTo(request, reply, '/settings/reminders#notifications', { type, message })
  /** A failure as a flash on the settings page; a browser already gone is a 404 of its own. */
  const failed = (request: FastifyRequest, reply: FastifyReply, failure: ServiceFailure) =>
    failure.error === 'invalid'
      ? back(request, reply, 'error', failure.message)
      : sendFailure(request, reply, failure)

  // Posted as JSON by public/js/push-subscribe.js, with the CSRF token in a header.
  app.post('/settings/reminders/push', { schema: { body: PushBody } }, async (request, reply) => {
    const saved = notifications.subscribe(request.access!, request.body)
    if (!saved.ok) return sendFailure(request, reply, saved)
    return reply.code(201).send({ id: saved.value.id, name: saved.value.name })
  })

  app.post(
    '/settings/reminders/push/:id/rename',
    { schema: { params: IdParams, body: NameForm } },
    async (request, reply) => {
      const renamed = notifications.rename(request.access!, request.params.id, request.body.name)
      if (!renamed.ok) return failed(request, reply, renamed)
      return back(request, reply, 'success', `Renamed to “${renamed.value.name}”.`)
    },
  )

  app.post(
    '/settings/reminders/push/:id/remove',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const removed = notifications.unsubscribe(request.access!, request.params.id)
      if (!removed.ok) return failed(request, reply, removed)
      return back(request, reply, 'success', 'That browser no longer gets reminders.')
    },
  )

  app.post(
    '/settings/reminders/push/:id/test',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const tested = await notifications.testPush(request.access!, request.params.id)
      if (!tested.ok) return failed(request, reply, tested)
      const { sent, error, subscription } = tested.value
      return sent
        ? back(request, reply, 'success', `Test notification sent to “${subscription.name}”.`)
        : back(request, reply, 'error', `The test notification did not go out: ${error}`)
    },
  )

  app.post('/settings/reminders/webhook', { schema: { body: UrlForm } }, async (request, reply) => {
    const saved = notifications.setWebhook(request.access!, request.body.url)
    if (!saved.ok) return failed(request, reply, saved)
    const { secret } = saved.value
    return back(
      request,
      reply,
      'success',
      secret === undefined
        ? 'Webhook URL saved; the signing secret is unchanged.'
        : `Webhook saved. Its signing secret, shown only now: ${secret}`,
    )
  })

  app.post('/settings/reminders/webhook/secret', { schema: { body: ButtonForm } }, async (request, reply) => {
    const rotated = notifications.rotateWebhookSecret(request.access!)
    if (!rotated.ok) return back(request, reply, 'error', rotated.message)
    return back(request, reply, 'success', `New signing secret, shown only now: ${rotated.value.secret}`)
  })

  app.post('/settings/reminders/webhook/remove', { schema: { body: ButtonForm } }, async (request, reply) => {
    const removed = notifications.removeWebhook(request.access!)
    if (!removed.ok) return back(request, reply, 'error', removed.message)
    return back(request, reply, 'success', 'Webhook removed.')
  })

  app.post('/settings/reminders/webhook/test', { schema: { body: ButtonForm } }, async (request, reply) => {
    const tested = await notifications.testWebhook(request.access!)
    if (!tested.ok) return failed(request, reply, tested)
    return tested.value.sent
      ? back(request, reply, 'success', 'Test POST delivered to your webhook.')
      : back(request, reply, 'error', `The test POST did not go through: ${tested.value.error}`)
  })

  app.post(
    '/reminders/deliveries/:id/retry',
    {
      schema: {
        params: IdParams,
        body: Type.Object({ back: Type.Optional(Type.String({ maxLength: 500 })), ...CSRF_FIELD }),
      },
    },
    async (request, reply) => {
      const retried = app.services.reminders.retryDelivery(request.access!, request.params.id)
      if (!retried.ok) return sendFailure(request, reply, retried)
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
