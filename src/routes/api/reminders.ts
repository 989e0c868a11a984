import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ReminderSettings, ReminderView } from '../../db/reminders.js'
import {
  formatClockTime,
  MAX_LEAD_MINUTES,
  MAX_LEADS,
  MIN_LEAD_MINUTES,
  REMINDER_KINDS,
  REMINDER_STATES,
} from '../../domain/reminderPlan.js'
import type { AccessContext } from '../../services/access.js'
import type { ServiceResult } from '../../services/result.js'
import { answer } from './answer.js'
import { IdParams, iso, reminderRoute, reminderSchema } from './schemas.js'

const ClockTime = Type.String({
  pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
  description: '24-hour wall-clock time "HH:MM" in your time zone',
})
const QuietHours = Type.Union(
  [Type.Object({ start: ClockTime, end: ClockTime }, { additionalProperties: false }), Type.Null()],
  {
    description:
      'Reminders that would fall between start and end (spanning midnight when start > end) are sent just before start instead; null turns quiet hours off',
  },
)
const Leads = Type.Array(Type.Integer({ minimum: MIN_LEAD_MINUTES, maximum: MAX_LEAD_MINUTES }), {
  maxItems: MAX_LEADS,
  description: 'Minutes before the 24-hour deadline, one reminder each, e.g. [720, 240, 60]',
})

const SettingsBody = Type.Object(
  {
    leads: Leads,
    researchEnabled: Type.Boolean({
      description: 'A nudge to research missed questions an hour after the interview',
    }),
    overdueEnabled: Type.Boolean({
      description: 'A notice when the deadline has passed without a follow-up',
    }),
    quietHours: QuietHours,
    email: Type.Optional(
      Type.Union([Type.String({ maxLength: 254 }), Type.Null()], {
        description: 'Where reminders go; null or "" for the account e-mail address',
      }),
    ),
    emailEnabled: Type.Optional(
      Type.Boolean({
        description:
          'false: reminders and the daily study reminder skip e-mail (needs a push subscription or a webhook); omitted: unchanged',
      }),
    ),
  },
  { additionalProperties: false },
)

const SettingsResponse = Type.Object({
  leads: Type.Array(Type.Integer()),
  researchEnabled: Type.Boolean(),
  overdueEnabled: Type.Boolean(),
  quietHours: Type.Union([Type.Object({ start: Type.String(), end: Type.String() }), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  address: Type.String({ description: 'The address reminders are sent to' }),
  emailEnabled: Type.Boolean({ description: 'Whether reminders go out by e-mail' }),
  timeZone: Type.String({
    description: 'Your time zone, in which quiet hours apply (change it in your profile)',
  }),
})

const Instant = Type.String({ format: 'date-time' })
const ReminderResponse = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum([...REMINDER_KINDS]),
  lead: Type.Integer({ description: 'Minutes before the deadline (deadline reminders), else 0' }),
  label: Type.String(),
  dueAt: Instant,
  state: Type.Enum([...REMINDER_STATES]),
  attempts: Type.Integer(),
  nextAttemptAt: Instant,
  lastError: Type.Union([Type.String(), Type.Null()]),
  sentAt: Type.Union([Instant, Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  channels: Type.Array(
    Type.Object({
      channel: Type.Enum(['email', 'push', 'webhook']),
      deliveryId: Type.Union([Type.Integer(), Type.Null()], {
        description: 'For POST /reminders/deliveries/{id}/retry when this channel failed',
      }),
      label: Type.String({ description: '"E-mail", the browser\'s name, or "Webhook"' }),
      state: Type.Enum([...REMINDER_STATES]),
      attempts: Type.Integer(),
      nextAttemptAt: Instant,
      lastError: Type.Union([Type.String(), Type.Null()]),
      sentAt: Type.Union([Instant, Type.Null()]),
    }),
    { description: 'How each channel fared; each is sent and retried independently of the others' },
  ),
})
const ReminderList = Type.Object({ reminders: Type.Array(ReminderResponse) })

function reminderJson(reminder: ReminderView) {
  return {
    id: reminder.id,
    kind: reminder.kind as (typeof REMINDER_KINDS)[number],
    lead: reminder.lead,
    label: reminder.label,
    dueAt: iso(reminder.dueAt),
    state: reminder.state as (typeof REMINDER_STATES)[number],
    attempts: reminder.attempts,
    nextAttemptAt: iso(reminder.nextAttemptAt),
    lastError: reminder.lastError,
    sentAt: reminder.sentAt === null ? null : iso(reminder.sentAt),
    messageId: reminder.messageId,
    channels: reminder.channels.map((c) => ({
      channel: c.channel,
      deliveryId: c.deliveryId,
      label: c.label,
      state: c.state as (typeof REMINDER_STATES)[number],
      attempts: c.attempts,
      nextAttemptAt: iso(c.nextAttemptAt),
      lastError: c.lastError,
      sentAt: c.sentAt === null ? null : iso(c.sentAt),
    })),
  }
}

function settingsJson(settings: ReminderSettings, user: { email: string; timeZone: string }) {
  return {
    leads: settings.leads,
    researchEnabled: settings.researchEnabled,
    overdueEnabled: settings.overdueEnabled,
    quietHours: settings.quietHours
      ? { start: formatClockTime(settings.quietHours.start), end: formatClockTime(settings.quietHours.end) }
      : null,
    email: settings.email,
    address: settings.email ?? user.email,
    emailEnabled: settings.emailEnabled !== false,
    timeZone: user.timeZone,
  }
}

const reminders: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.reminders
  const remindersJson = (reminders: ReminderView[]) => ({ reminders: reminders.map(reminderJson) })

  app.get('/settings/reminders', { schema: reminderSchema(200, SettingsResponse) }, async (request) =>
    settingsJson(service.settings(request.access!), request.owner!),
  )

  app.put(
    '/settings/reminders',
    reminderRoute(
      'Replaces your reminder settings and re-plans the reminders of your open interviews.',
      200,
      SettingsResponse,
      { body: SettingsBody },
    ),
    async (request, reply) => {
      const saved = service.saveSettings(request.access!, {
        ...request.body,
        email: request.body.email ?? null,
      })
      return answer(reply, saved, ({ settings }) => settingsJson(settings, request.owner!))
    },
  )

  app.get(
    '/interviews/:id/reminders',
    reminderRoute(
      'The reminders planned, sent or failed for one of your interviews, in time order.',
      200,
      ReminderList,
      { params: IdParams },
    ),
    async (request, reply) =>
      answer(reply, service.forInterview(request.access!, request.params.id), remindersJson),
  )

  /**
   * POST …/:id/retry: something that failed is sent again at the next dispatcher pass; the answer
   * is the reminders of its interview (none when that can no longer be found).
   */
  const retryRoute = <T>(
    path: string,
    description: string,
    retry: (access: AccessContext, id: number) => ServiceResult<T>,
    interviewOf: (retried: T) => number | undefined,
  ) =>
    app.post(
      path,
      reminderRoute(description, 200, ReminderList, { params: IdParams }),
      async (request, reply) =>
        answer(reply, retry(request.access!, request.params.id), (retried) => {
          const interviewId = interviewOf(retried)
          const reminders =
            interviewId === undefined ? undefined : service.forInterview(request.access!, interviewId)
          return remindersJson(reminders?.ok ? reminders.value : [])
        }),
    )

  retryRoute(
    '/reminders/:id/retry',
    'Sends a failed reminder again at the next dispatcher pass (within a minute).',
    service.retry,
    ({ interviewId }) => interviewId,
  )
  retryRoute(
    '/reminders/deliveries/:id/retry',
    "Sends one failed channel's delivery (an id from a reminder's channels) again at the next dispatcher pass.",
    service.retryDelivery,
    ({ interviewId }) => interviewId,
  )
}

export default reminders
