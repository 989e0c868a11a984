import { apiTokensRepository } from './apiTokens.js'
import { askQuestionsRepository } from './askQuestions.js'
import { calendarRepository } from './calendar.js'
import { coachDigestsRepository } from './coachDigests.js'
import { coachInvitationsRepository } from './coachInvitations.js'
import { coachLinksRepository } from './coachLinks.js'
import { coachReviewsRepository } from './coachReviews.js'
import { coachReviewsTransferRepository } from './coachReviewsTransfer.js'
import { coachViewsRepository } from './coachViews.js'
import type { Db } from './connection.js'
import { dataTransferRepository } from './dataTransfer.js'
import { draftPlansRepository } from './draftPlans.js'
import { draftsRepository } from './drafts.js'
import { followUpRepository } from './followUp.js'
import { followUpDataRepository } from './followUpData.js'
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
import { studyPrepRepository } from './studyPrep.js'
import { studyTransferRepository } from './studyTransfer.js'
import { usersRepository } from './users.js'

/** Every repository, each with its statements prepared once for the life of the connection. */
export function repositories(db: Db) {
  const reminders = remindersRepository(db)
  const studyNudges = studyNudgesRepository(db)
  return {
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    apiTokens: apiTokensRepository(db),
    reminders,
    reminderDeliveries: reminderDeliveriesRepository(db),
    pushSubscriptions: pushSubscriptionsRepository(db),
    reminderWebhooks: reminderWebhooksRepository(db),
    mailbox: mailboxRepository(db),
    interviews: interviewsRepository(db),
    followUp: followUpRepository(db),
    interviewers: interviewersRepository(db),
    questions: questionsRepository(db),
    askQuestions: askQuestionsRepository(db),
    drafts: draftsRepository(db),
    followUpData: followUpDataRepository(db),
    draftPlans: draftPlansRepository(db),
    outgoingDrafts: outgoingDraftsRepository(db),
    calendar: calendarRepository(db),
    insights: insightsRepository(db),
    dataTransfer: dataTransferRepository(db),
    studyTransfer: studyTransferRepository(db, studyNudges),
    studyCards: studyCardsRepository(db),
    studyPrep: studyPrepRepository(db),
    studyNudges,
    coachLinks: coachLinksRepository(db),
    coachInvitations: coachInvitationsRepository(db),
    coachViews: coachViewsRepository(db),
    coachReviews: coachReviewsRepository(db),
    coachReviewsTransfer: coachReviewsTransferRepository(db),
    coachDigests: coachDigestsRepository(db),
  }
}

export type Repositories = ReturnType<typeof repositories>
