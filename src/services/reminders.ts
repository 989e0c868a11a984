import type { Clock } from '../clock.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import type { ReminderSettings, ReminderView, UserReminderView } from '../db/reminders.js'
import { type ReminderChannel, reachableChannels, reachesBeyondEmail } from '../domain/reminderReach.js'
import { checkReminderSettings, type ReminderSettingsInput } from '../domain/reminderSettings.js'
import type { StudyReminderSettings } from '../domain/studyNudge.js'
import type { Mailer } from '../mail/index.js'
import type { AccessContext } from './access.js'
import { ownerOnly } from './checks.js'
import { INTERVIEW_NOT_FOUND } from './messages.js'
import { invalid, notFound, ok, type ServiceResult } from './result.js'

export interface ReminderServiceDeps {
  db: Db
  repos: Pick<Repositories, 'reminders' | 'reminderDeliveries' | 'studyNudges' | 'coachDigests'>
  clock: Clock
  mailer: Pick<Mailer, 'kind'>
}

export interface SavedReminderSettings {
  settings: ReminderSettings
  /** Interviews whose reminders were planned again. */
  replanned: number
}

export const EMAIL_OFF_NEEDS_CHANNEL =
  'E-mail reminders can be turned off only when another channel reaches you: turn on notifications in a browser or add a webhook first.'

/** Where a user's reminders can go, for the dashboard's warning when nothing reaches them. */
export interface Reach {
  channels: ReminderChannel[]
  /** The user turned e-mail reminders off (the warning says so). */
  emailOff: boolean
}

/**
 * Reminder and study reminder settings, where reminders can reach the user, and retrying what
 * failed. Saving settings and re-planning the reminders they imply is one transaction, written
 * once here for pages and API alike.
 */
export function reminderService(deps: ReminderServiceDeps) {
  const { db, repos, clock, mailer } = deps
  const hasOtherChannel = (userId: number) => reachesBeyondEmail(repos.reminders.reach(userId))

  const nothingToRetry = (what: 'reminder' | 'delivery') =>
    notFound(
      `There is no failed ${what} to retry here: it may already have been retried or sent. Reload the page.`,
    )

  const saveAndReplan = db.transaction((userId: number, settings: ReminderSettings, now: number) => {
    repos.reminders.saveSettings(userId, settings, now)
    // Quiet hours move the daily study reminder and a coach's digest too.
    repos.studyNudges.replan(userId, now)
    repos.coachDigests.replan(userId, now)
    return repos.reminders.syncForUser(userId, now)
  })

  return {
    settings: (access: AccessContext): ReminderSettings => repos.reminders.settings(access.ownerId),

    reach(access: AccessContext): Reach {
      const reach = repos.reminders.reach(access.ownerId)
      return { channels: reachableChannels(reach, mailer.kind !== 'local'), emailOff: !reach.emailEnabled }
    },

    studyReminder: (access: AccessContext): StudyReminderSettings =>
      repos.studyNudges.settings(access.ownerId),

    /** When the next daily study reminder is planned to go, if one is. */
    nextStudyReminderAt(access: AccessContext): number | undefined {
      return repos.studyNudges
        .recent(access.ownerId, 3)
        .find((n) => n.state === 'pending' || n.state === 'sending')?.dueAt
    },

    /** One interview's reminders, in time order, with each channel's delivery. */
    forInterview(access: AccessContext, interviewId: number): ServiceResult<ReminderView[]> {
      if (!repos.reminders.interviewBelongsTo(access.ownerId, interviewId))
        return notFound(INTERVIEW_NOT_FOUND)
      return ok(repos.reminders.listForInterview(access.ownerId, interviewId))
    },

    /** The user's reminders of the past week and to come, for /reminders. */
    list: (access: AccessContext): UserReminderView[] =>
      repos.reminders.listForUser(access.ownerId, clock.now()),

    ...ownerOnly({
      /**
       * Checks and saves the settings, then re-plans every open interview's reminders. Without
       * `emailEnabled` the e-mail switch stays as it is.
       */
      saveSettings(
        access: AccessContext,
        input: ReminderSettingsInput & { emailEnabled?: boolean | undefined },
      ): ServiceResult<SavedReminderSettings> {
        const checked = checkReminderSettings(input)
        if (!checked.ok) return invalid(checked.problems)
        const emailEnabled =
          input.emailEnabled ?? repos.reminders.settings(access.ownerId).emailEnabled ?? true
        if (!emailEnabled && !hasOtherChannel(access.ownerId))
          return invalid({ emailEnabled: EMAIL_OFF_NEEDS_CHANNEL }, EMAIL_OFF_NEEDS_CHANNEL)
        const replanned = saveAndReplan(access.ownerId, { ...checked.value, emailEnabled }, clock.now())
        return ok({ settings: repos.reminders.settings(access.ownerId), replanned })
      },

      /** Turns the daily study reminder on or off at a time; the next one is planned at once. */
      saveStudyReminder(
        access: AccessContext,
        value: StudyReminderSettings,
      ): ServiceResult<StudyReminderSettings> {
        repos.studyNudges.saveSettings(access.ownerId, value, clock.now())
        return ok(repos.studyNudges.settings(access.ownerId))
      },

      /** Every failed channel of a reminder goes again now; answers the reminder's interview. */
      retry(access: AccessContext, reminderId: number): ServiceResult<{ interviewId: number }> {
        const interviewId = repos.reminders.retry(access.ownerId, reminderId, clock.now())
        return interviewId === undefined ? nothingToRetry('reminder') : ok({ interviewId })
      },

      /** One failed channel's delivery goes again now; answers its reminder's interview, if it has one. */
      retryDelivery(
        access: AccessContext,
        deliveryId: number,
      ): ServiceResult<{ reminderId: number; interviewId: number | undefined }> {
        const reminderId = repos.reminderDeliveries.retry(access.ownerId, deliveryId, clock.now())
        if (reminderId === undefined) return nothingToRetry('delivery')
        return ok({ reminderId, interviewId: repos.reminderDeliveries.reminder(reminderId)?.interviewId })
      },
    }),
  }
}

export type ReminderService = ReturnType<typeof reminderService>
