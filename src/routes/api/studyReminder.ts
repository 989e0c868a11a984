import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { formatClockTime, parseClockTime } from '../../domain/reminderPlan.js'
import type { StudyReminderSettings } from '../../domain/studyNudge.js'
import { sendError } from '../../plugins/errors.js'
import type { AccessContext } from '../../services/access.js'
import { sendFailure } from '../serviceFailure.js'
import { ErrorResponse, reminderSchema } from './schemas.js'

// No 404: the setting always exists.
const Errors = { 400: ErrorResponse, 401: ErrorResponse, '4xx': ErrorResponse }

const StudyReminderBody = Type.Object(
  {
    enabled: Type.Boolean({
      description: 'A daily e-mail listing how many study cards are due (off by default)',
    }),
    time: Type.String({
      pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
      description:
        '24-hour wall-clock time "HH:MM" in your time zone; inside quiet hours the reminder waits until they end',
    }),
  },
  { additionalProperties: false },
)

const StudyReminderResponse = Type.Object({
  enabled: Type.Boolean(),
  time: Type.String(),
  timeZone: Type.String({
    description: 'Your time zone, in which the time applies (change it in your profile)',
  }),
  nextAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
    description: 'When the next study reminder is planned; null when it is off',
  }),
})

const studyReminder: FastifyPluginAsyncTypebox = async (app) => {
  const json = (access: AccessContext, timeZone: string, settings: StudyReminderSettings) => {
    const next = settings.enabled ? app.services.reminders.nextStudyReminderAt(access) : undefined
    return {
      enabled: settings.enabled,
      time: formatClockTime(settings.minute),
      timeZone,
      nextAt: next === undefined ? null : new Date(next).toISOString(),
    }
  }

  app.get(
    '/settings/study-reminder',
    { schema: reminderSchema(200, StudyReminderResponse, {}, Errors) },
    async (request) =>
      json(request.access!, request.owner!.timeZone, app.services.reminders.studyReminder(request.access!)),
  )

  app.put(
    '/settings/study-reminder',
    {
      schema: reminderSchema(
        200,
        StudyReminderResponse,
        {
          description:
            'Turns the daily study reminder on or off and sets its time; the next one is planned at once. ' +
            'It is sent only on days when cards are due.',
          body: StudyReminderBody,
        },
        Errors,
      ),
    },
    async (request, reply) => {
      const minute = parseClockTime(request.body.time)
      if (minute === undefined)
        return sendError(request, reply, 400, 'Invalid input: time must be a time such as 19:00.', {
          time: 'must be a time such as 19:00',
        })
      const settings = { enabled: request.body.enabled, minute }
      const saved = app.services.reminders.saveStudyReminder(request.access!, settings)
      if (!saved.ok) return sendFailure(request, reply, saved)
      return json(request.access!, request.owner!.timeZone, saved.value)
    },
  )
}

export default studyReminder
