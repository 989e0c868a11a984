import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { ReminderSettings } from '../../db/reminders.js'
import { formatClockTime, formatLead, MAX_LEADS } from '../../domain/reminderPlan.js'
import { sendError } from '../../plugins/errors.js'
import { FAILURE_STATUS } from '../../services/result.js'
import type { FieldErrors } from '../../validation.js'
import { flashBack, flashTo, refused } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues } from './forms.js'
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
  /** '1' when the form carries the e-mail switch, so an unticked box means off. */
  channels: Type.Optional(Type.String({ maxLength: 1 })),
  emailEnabled: Checkbox,
  ...CSRF_FIELD,
})

const RetryParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })
const RetryForm = Type.Object({
  back: Type.Optional(Type.String({ maxLength: 500 })),
  ...CSRF_FIELD,
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
    emailEnabled: settings.emailEnabled === false ? '' : 'on',
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
      ...app.services.notifications.overview(request.access!),
      mailerKind: app.mailer.kind,
      study: studyReminderForm(app.services.reminders.studyReminder(request.access!)),
    })
  }

  app.get('/settings/reminders', async (request, reply) =>
    render(request, reply, formFromSettings(app.services.reminders.settings(request.access!))),
  )

  app.post(
    '/settings/reminders',
    { schema: { body: SettingsForm }, attachValidation: true },
    async (request, reply) => {
      const values = formValues(request)
      const schemaErrors = formErrors(request)
      if (schemaErrors) return render(request, reply, values, schemaErrors, 400)
      const body = request.body
      const leadTexts = listOf(body.leads)
      if (leadTexts.some((text) => !/^\d{1,4}$/.test(text)))
        return render(request, reply, values, { leads: 'must be whole minutes' }, 400)
      const quiet = body.quiet === 'on'
      const saved = app.services.reminders.saveSettings(request.access!, {
        leads: leadTexts.map(Number),
        researchEnabled: body.research === 'on',
        overdueEnabled: body.overdue === 'on',
        quietHours: quiet ? { start: body.quietStart ?? '', end: body.quietEnd ?? '' } : null,
        email: body.email ?? null,
        // Forms without the channel switch (older pages) leave it as it is.
        emailEnabled: body.channels === '1' ? body.emailEnabled === 'on' : undefined,
      })
      if (!saved.ok)
        return refused(request, reply, saved, (fields) => {
          const errors: FieldErrors = {}
          for (const [field, message] of Object.entries(fields)) {
            const name =
              field === 'quietHours.start' ? 'quietStart' : field === 'quietHours.end' ? 'quietEnd' : field
            errors[name] = message
          }
          return render(request, reply, values, errors, 400)
        })
      const replanned = saved.value.replanned
      return flashTo(
        request,
        reply,
        '/settings/reminders',
        replanned > 0
          ? `Reminder settings saved; the reminders of ${replanned} interview${replanned === 1 ? '' : 's'} were re-planned.`
          : 'Reminder settings saved.',
      )
    },
  )

  app.get('/reminders', async (request, reply) =>
    reply.page('reminders', {
      title: 'Reminders',
      reminders: app.services.reminders.list(request.access!),
      mailerKind: app.mailer.kind,
    }),
  )

  app.post(
    '/reminders/:id/retry',
    { schema: { params: RetryParams, body: RetryForm } },
    async (request, reply) => {
      const retried = app.services.reminders.retry(request.access!, request.params.id)
      if (!retried.ok) return sendError(request, reply, FAILURE_STATUS[retried.error], retried.message)
      const fallback = `/interviews/${retried.value.interviewId}#reminders`
      const message = 'The reminder will be sent again within a minute.'
      return flashBack(request, reply, request.body?.back, fallback, message)
    },
  )
}

export default reminderPages
