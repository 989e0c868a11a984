import { Eta } from 'eta'
import { DateTime } from 'luxon'
import type { ReminderContext } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { formatTimeLeft, type ReminderKind, reminderSubject } from '../domain/reminderPlan.js'
import { viewsDir } from '../paths.js'

const MINUTE = 60_000

export interface ReminderEmail {
  subject: string
  text: string
  html: string
}

// Templates are trusted code; the data is not. The HTML part escapes every value, the text
// part must not (an "&" in a company name is just an "&" in plain text).
const htmlEta = new Eta({ views: viewsDir, autoEscape: true, autoTrim: false, cache: true })
const textEta = new Eta({ views: viewsDir, autoEscape: false, autoTrim: false, cache: true })

/** "Tue 3 Mar 2026, 09:30 America/New_York (UTC-05:00)": unambiguous wherever the mail is read. */
export function formatDeadline(ms: number, zone: string): string {
  const dt = DateTime.fromMillis(ms, { zone })
  const at = dt.isValid ? dt : DateTime.fromMillis(ms, { zone: 'UTC' })
  return `${at.toFormat('ccc d LLL yyyy, HH:mm')} ${at.zoneName} (UTC${at.toFormat('ZZ')})`
}

export function renderReminderEmail(
  kind: ReminderKind,
  context: ReminderContext,
  now: number,
  baseUrl: string,
): ReminderEmail {
  const deadline = followUpDeadline(context.interview.endsAt)
  const left = deadline - now
  const subject = reminderSubject(kind, context.interview, left)
  const base = baseUrl.replace(/\/+$/, '')
  const data = {
    kind,
    subject,
    name: context.user.name,
    company: context.interview.company,
    role: context.interview.role,
    deadline: formatDeadline(deadline, context.user.timeZone),
    timeLeft:
      left >= MINUTE
        ? `${formatTimeLeft(left)} left`
        : left > -MINUTE
          ? 'just passed'
          : `passed ${formatTimeLeft(-left)} ago`,
    questions: context.questions,
    interviewers: context.interviewers,
    interviewUrl: `${base}/interviews/${context.interview.id}`,
    draftsUrl: `${base}/interviews/${context.interview.id}/drafts`,
    settingsUrl: `${base}/settings/reminders`,
  }
  return {
    subject,
    text: textEta.render('/email/reminder.text.eta', data),
    html: htmlEta.render('/email/reminder.html.eta', data),
  }
}
