import type { FastifyPluginAsync } from 'fastify'
import { refusesWrite } from '../../plugins/auth.js'
import { sendError } from '../../plugins/errors.js'
import pageSessions from '../../plugins/pageSessions.js'
import { READ_ONLY_MESSAGE } from '../../services/access.js'
import askPages from './ask.js'
import authPages from './auth.js'
import calendarPages from './calendar.js'
import coachPages from './coach.js'
import coachDigestPages from './coachDigest.js'
import coachInvitePages from './coachInvite.js'
import coachReviewPages from './coachReviews.js'
import coachSettingsPages from './coachSettings.js'
import dataPages from './data.js'
import draftPages from './drafts.js'
import { registerFormHooks } from './forms.js'
import homePage from './home.js'
import insightsPage from './insights.js'
import interviewersPages from './interviewers.js'
import interviewsPages from './interviews.js'
import mailboxPages from './mailbox.js'
import notificationSettingsPages from './notificationSettings.js'
import questionsPages from './questions.js'
import reminderPages from './reminders.js'
import settingsPages from './settings.js'
import studyPages from './study.js'
import studyReminderPages from './studyReminder.js'

const FEATURES = [
  homePage,
  authPages,
  settingsPages,
  interviewsPages,
  interviewersPages,
  questionsPages,
  askPages,
  reminderPages,
  notificationSettingsPages,
  mailboxPages,
  draftPages,
  calendarPages,
  insightsPage,
  dataPages,
  studyPages,
  studyReminderPages,
  coachPages,
  coachInvitePages,
  coachSettingsPages,
  coachReviewPages,
  coachDigestPages,
]

/**
 * Every HTML page and form. The hooks registered here cover every child plugin, so a new page
 * with a form is trimmed and CSRF-checked, and needs a logged-in user, without remembering to
 * ask: only a route whose config says `public: true` (login, sign-up) is open to visitors
 * without a session.
 */
const pages: FastifyPluginAsync<{ sessionSecret: string }> = async (app, opts) => {
  // Sessions and CSRF tokens exist in this tree only: nothing outside it pays for them. First,
  // so that the session's user is known to the hooks below.
  await app.register(pageSessions, { sessionSecret: opts.sessionSecret })
  // Before validation, so a visitor without a session is sent to log in rather than told a URL is malformed.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config?.public === true) return
    await app.requireUser(request, reply)
    if (!reply.sent && refusesWrite(request)) return sendError(request, reply, 403, READ_ONLY_MESSAGE)
  })
  registerFormHooks(app)

  for (const feature of FEATURES) await app.register(feature)
}

export default pages
