import { accountsService } from './accounts/index.js'
import { askQuestionService } from './askQuestions.js'
import { calendarService } from './calendar.js'
import { coachService } from './coach/index.js'
import { coachDigestService } from './coachDigest.js'
import { coachReviewService } from './coachReviews.js'
import type { ServiceDeps } from './deps.js'
import { draftsFrom } from './drafts/index.js'
import { insightsService } from './insights.js'
import { interviewerService } from './interviews/interviewers.js'
import { interviewService } from './interviews/interviews.js'
import { questionService } from './interviews/questions.js'
import { mailboxService } from './mailbox.js'
import { notificationService } from './notifications.js'
import { reminderService } from './reminders.js'
import { researchService } from './research.js'
import { transferService } from './transfer/index.js'

export type { ServiceDeps }

/** Every feature's service, built once per app; pages, the API and the CLI call these, each method with the caller's AccessContext first. */
export function buildServices(deps: ServiceDeps) {
  const drafts = draftsFrom(deps)
  return {
    interviews: interviewService(deps),
    interviewers: interviewerService(deps),
    questions: questionService(deps),
    research: researchService(deps),
    askQuestions: askQuestionService(deps),
    calendar: calendarService(deps),
    insights: insightsService(deps),
    drafts,
    accounts: accountsService(deps),
    transfer: transferService(deps),
    reminders: reminderService(deps),
    notifications: notificationService(deps),
    mailbox: mailboxService(deps),
    coach: coachService(deps),
    coachReviews: coachReviewService({ ...deps, drafts }),
    coachDigest: coachDigestService(deps),
  }
}

export type Services = ReturnType<typeof buildServices>
