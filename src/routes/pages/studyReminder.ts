import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { formatClockTime, parseClockTime } from '../../domain/reminderPlan.js'
import type { StudyReminderSettings } from '../../domain/studyNudge.js'
import { sendError } from '../../plugins/errors.js'
import { FAILURE_STATUS } from '../../services/result.js'
import { flashTo } from './formSteps.js'
import { CSRF_FIELD } from './forms.js'

const StudyReminderForm = Type.Object({
  enabled: Type.Optional(Type.String({ maxLength: 10 })),
  time: Type.Optional(Type.String({ maxLength: 5 })),
  ...CSRF_FIELD,
})

/** What the Reminder settings page's study form shows. */
export function studyReminderForm(settings: StudyReminderSettings) {
  return { enabled: settings.enabled, time: formatClockTime(settings.minute) }
}

const studyReminderPages: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/settings/reminders/study', { schema: { body: StudyReminderForm } }, async (request, reply) => {
    const user = request.owner!
    const enabled = request.body.enabled === 'on'
    const minute = parseClockTime(request.body.time ?? '')
    if (minute === undefined)
      return sendError(
        request,
        reply,
        400,
        'The study reminder time must be a time such as 19:00. Go back and pick one.',
      )
    const saved = app.services.reminders.saveStudyReminder(request.access!, { enabled, minute })
    if (!saved.ok) return sendError(request, reply, FAILURE_STATUS[saved.error], saved.message)
    const message = enabled
      ? `Study reminder on: every day at ${formatClockTime(minute)} (${user.timeZone}) when cards are due.`
      : 'Study reminder off.'
    return flashTo(request, reply, '/settings/reminders#study-reminder', message)
  })
}

export default studyReminderPages
