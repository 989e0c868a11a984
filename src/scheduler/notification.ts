import type { ReminderContext } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { formatTimeLeft, type ReminderKind, reminderSubject } from '../domain/reminderPlan.js'
import type { NotificationContent } from './channels/channel.js'

const MINUTE = 60_000

/** The reminder e-mail's subject, time left and interview link, for channels that are not e-mail. */
export function reminderNotification(
  reminderId: number,
  kind: ReminderKind,
  context: ReminderContext,
  now: number,
  baseUrl: string,
): NotificationContent {
  const left = followUpDeadline(context.interview.endsAt) - now
  const timeLeft =
    left >= MINUTE
      ? `${formatTimeLeft(left)} left to follow up.`
      : left > -MINUTE
        ? 'The follow-up deadline just passed.'
        : `The follow-up deadline passed ${formatTimeLeft(-left)} ago.`
  return {
    title: reminderSubject(kind, context.interview, left),
    body: `${timeLeft} ${context.interview.company} — ${context.interview.role}`,
    url: `${baseUrl.replace(/\/+$/, '')}/interviews/${context.interview.id}`,
    tag: `debrief-reminder-${reminderId}`,
  }
}
