import type { ReminderContext } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { formatTimeLeft, type ReminderKind, reminderSubject } from '../domain/reminderPlan.js'
import { listPhrase } from '../domain/wording.js'
import type { NotificationContent } from './channels/channel.js'

const MINUTE = 60_000

/** "Research 2 questions and thank Grace Hopper." — what the follow-up still needs. */
function stillToDo(context: ReminderContext): string {
  const n = context.questions.length
  const parts = [
    n > 0 ? `research ${n} question${n === 1 ? '' : 's'}` : '',
    context.interviewers.length > 0 ? `thank ${listPhrase(context.interviewers.map((p) => p.name))}` : '',
  ]
  const todo = listPhrase(parts)
  return todo ? `${todo[0]!.toUpperCase()}${todo.slice(1)}.` : 'Mark it followed up once your notes are sent.'
}

/**
 * The reminder e-mail's subject, one line and the interview link, for channels that are not
 * e-mail. The time left is said once: a deadline reminder's title has it, so its line says what
 * is still to do instead.
 */
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
    body: `${kind === 'deadline' ? stillToDo(context) : timeLeft} ${context.interview.company} — ${context.interview.role}`,
    url: `${baseUrl.replace(/\/+$/, '')}/interviews/${context.interview.id}`,
    tag: `debrief-reminder-${reminderId}`,
  }
}
