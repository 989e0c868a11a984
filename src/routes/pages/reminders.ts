import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { ReminderSettings } from '../../db/reminders.js'
import { formatClockTime, formatLead, MAX_LEADS } from '../../domain/reminderPlan.js'
import { checkReminderSettings } from '../../domain/reminderSettings.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues, safeNext } from './forms.js'
import { studyReminderForm } from './studyReminder.js'

/** Leads offered as checkboxes; other values set through the API still show up, ticked. */
const PRESET_LEADS = [720, 480, 240, 120, 60, 30]

const Checkbox = Type.Optional(Type.String({ maxLength: 10 }))
const SettingsForm = Type.Object({
  leads: Type.Optional(
    Type.Union([Type.String({ maxLength: 6 }), Type.Array(Type.String({ maxLength: 6 }), { maxItems: 20 })]),
  ),
  research: Checkbox,
  overdue: Checkbox,
  quiet: Checkbox,
  quietStart: Type.Optional(Type.String({ maxLength: 5 })),
  quietEnd: Type.Optional(Type.String({ maxLength: 5 })),
  email: Type.Optional(Type.String({ maxLength: 254 })),
  _csrf: Type.Optional(Type.String()),
})

const RetryParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })
const RetryForm = Type.Object({
  back: Type.Optional(Type.String({ maxLength: 500 })),
  _csrf: Type.Optional(Type.String()),
})

function formFromSettings(settings: ReminderSettings): Record<string, unknown> {
  const quiet = settings.quietHours
  return {
    leads: settings.leads.map(String),
    research: settings.researchEnabled ? 'on' : '',
    overdue: settings.overdueEnabled ? 'on' : '',
    quiet: quiet ? 'on' : '',
    quietStart: formatClockTime(quiet?.start ?? 22 * 60),
    quietEnd: formatClockTime(quiet?.end ?? 7 * 60),
    email: settings.email ?? '',
  }
}

const listOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' && value !== '' ? [value] : []

const reminderPages: FastifyPluginAsyncTypebox = async (app) => {
  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, unknown>,
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const chosen = listOf(values.leads)
    const leads = [...new Set([...PRESET_LEADS, ...chosen.map(Number).filter(Number.isInteger)])]
      .filter((lead) => lead > 0)
      .sort((a, b) => b - a)
      .map((lead) => ({
        value: String(lead),
        label: formatLead(lead),
        checked: chosen.includes(String(lead)),
      }))
    return reply.code(status).page('reminder-settings', {
      title: 'Reminder settings',
      values: { ...values, leads: chosen },
      errors,
      leads,
      maxLeads: MAX_LEADS,
      vapidPublicKey: app.vapid.publicKey,
      subscriptions: app.repos.pushSubscriptions.list(request.access!.ownerId),
      webhook: app.repos.reminderWebhooks.get(request.access!.ownerId) ?? null,
      mailerKind: app.mailer.kind,
      study: studyReminderForm(app.repos.studyNudges.settings(reply.request.access!.ownerId)),
    })
  }

  app.get('/settings/reminders', async (request, reply) =>
    render(request, reply, formFromSettings(app.repos.reminders.settings(request.access!.ownerId))),
  )

  app.post(
    '/settings/reminders',
    { schema: { body: SettingsForm }, attachValidation: true },
    async (request, reply) => {
      const user = request.user!
      const values = formValues(request)
      const schemaErrors = formErrors(request)
      if (schemaErrors) return render(request, reply, values, schemaErrors, 400)
      const body = request.body
      const leadTexts = listOf(body.leads)
      if (leadTexts.some((text) => !/^\d{1,4}$/.test(text)))
        return render(request, reply, values, { leads: 'must be whole minutes' }, 400)
      const quiet = body.quiet === 'on'
      const checked = checkReminderSettings({
        leads: leadTexts.map(Number),
        researchEnabled: body.research === 'on',
        overdueEnabled: body.overdue === 'on',
        quietHours: quiet ? { start: body.quietStart ?? '', end: body.quietEnd ?? '' } : null,
        email: body.email ?? null,
      })
      if (!checked.ok) {
        const errors: FieldErrors = {}
        for (const [field, message] of Object.entries(checked.problems)) {
          const name =
            field === 'quietHours.start' ? 'quietStart' : field === 'quietHours.end' ? 'quietEnd' : field
          errors[name] = message
        }
        return render(request, reply, values, errors, 400)
      }
      const now = app.clock.now()
      const replanned = app.db.transaction(() => {
        app.repos.reminders.saveSettings(user.id, checked.value, now)
        app.repos.studyNudges.replan(user.id, now)
        app.repos.coachDigests.replan(user.id, now)
        return app.repos.reminders.syncForUser(user.id, now)
      })()
      request.session.set('flash', {
        type: 'success',
        message:
          replanned > 0
            ? `Reminder settings saved; the reminders of ${replanned} interview${replanned === 1 ? '' : 's'} were re-planned.`
            : 'Reminder settings saved.',
      })
      return reply.redirect('/settings/reminders')
    },
  )

  app.get('/reminders', async (request, reply) => {
    const user = request.user!
    return reply.page('reminders', {
      title: 'Reminders',
      reminders: app.repos.reminders.listForUser(user.id, app.clock.now()),
      mailerKind: app.mailer.kind,
    })
  })

  app.post(
    '/reminders/:id/retry',
    { schema: { params: RetryParams, body: RetryForm } },
    async (request, reply) => {
      const interviewId = app.repos.reminders.retry(
        request.access!.ownerId,
        request.params.id,
        app.clock.now(),
      )
      if (interviewId === undefined)
        return sendError(
          request,
          reply,
          404,
          'There is no failed reminder to retry here: it may already have been retried or sent. Reload the page.',
        )
      request.session.set('flash', {
        type: 'success',
        message: 'The reminder will be sent again within a minute.',
      })
      const back = safeNext(request.body?.back)
      return reply.redirect(back === '/' ? `/interviews/${interviewId}#reminders` : back)
    },
  )
}

export default reminderPages
