import { apiTokensRepository } from './apiTokens.js'
import { askQuestionsRepository } from './askQuestions.js'
import { calendarRepository } from './calendar.js'
import { coachDigestsRepository } from './coachDigests.js'
import { coachReviewsRepository } from './coachReviews.js'
import type { Db } from './connection.js'
import { dataTransferRepository } from './dataTransfer.js'
import { draftPlansRepository } from './draftPlans.js'
import { draftsRepository } from './drafts.js'
import { followUpRepository } from './followUp.js'
import { insightsRepository } from './insights.js'
import { interviewersRepository } from './interviewers.js'
import { interviewsRepository } from './interviews.js'
import { mailboxRepository } from './mailbox.js'
import { outgoingDraftsRepository } from './outgoingDrafts.js'
import { pushSubscriptionsRepository } from './pushSubscriptions.js'
import { questionsRepository } from './questions.js'
import { reminderDeliveriesRepository } from './reminderDeliveries.js'
import { remindersRepository } from './reminders.js'
import { reminderWebhooksRepository } from './reminderWebhooks.js'
import { sessionsRepository } from './sessions.js'
import { studyCardsRepository } from './studyCards.js'
import { studyNudgesRepository } from './studyNudges.js'
import { studyTransferRepository } from './studyTransfer.js'
import { usersRepository } from './users.js'

/** Every repository, each with its statements prepared once for the life of the connection. */
export function repositories(db: Db) {
  const reminders = remindersRepository(db)
  const askQuestions = askQuestionsRepository(db)
  const interviews = interviewsRepository(db, reminders)
  // Shared by the interview page's "thanked" buttons and the drafts, so both settle the
  // follow-up by one rule.
  const followUp = followUpRepository(db, interviews)
  const studyNudges = studyNudgesRepository(db)
  const drafts = draftsRepository(db, followUp)
  return {
    users: usersRepository(db, askQuestions),
    sessions: sessionsRepository(db),
    apiTokens: apiTokensRepository(db),
    reminders,
    reminderDeliveries: reminderDeliveriesRepository(db),
    pushSubscriptions: pushSubscriptionsRepository(db),
    reminderWebhooks: reminderWebhooksRepository(db),
    mailbox: mailboxRepository(db),
    interviews,
    interviewers: interviewersRepository(db, reminders, followUp),
    questions: questionsRepository(db),
    askQuestions,
    drafts,
    draftPlans: draftPlansRepository(db),
    outgoingDrafts: outgoingDraftsRepository(db, (userId, draftId, messageId, now) => {
      drafts.settleDelivered(userId, draftId, messageId, now)
    }),
    calendar: calendarRepository(db),
    insights: insightsRepository(db),
    dataTransfer: dataTransferRepository(db, reminders, studyTransferRepository(db, studyNudges)),
    studyCards: studyCardsRepository(db),
    studyNudges,
    coachReviews: coachReviewsRepository(db),
    coachDigests: coachDigestsRepository(db),
  }
}

export type Repositories = ReturnType<typeof repositories>
