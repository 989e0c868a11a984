import { DateTime } from 'luxon'
import type { ReminderContext } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { formatTimeLeft, type ReminderKind, reminderSubject } from '../domain/reminderPlan.js'
import { renderHtml, renderText } from '../mail/draftTemplates.js'

const MINUTE = 60_000

export interface ReminderEmail {
  subject: string
  text: string
  html: string
}

// Templates are trusted code; the data is not. The e-mail engines (one for the text part, which
// keeps an "&" as typed, one for the HTML part, which escapes every value) are the notes' own.

const inZone = (ms: number, zone: string) => {
  const dt = DateTime.fromMillis(ms, { zone })
  return dt.isValid ? dt : DateTime.fromMillis(ms, { zone: 'UTC' })
}

/** "Tue 3 Mar 2026, 09:30 America/New_York (UTC-05:00)": unambiguous wherever the mail is read. */
export function formatDeadline(ms: number, zone: string): string {
  const at = inZone(ms, zone)
  return `${at.toFormat('ccc d LLL yyyy, HH:mm')} ${at.zoneName} (UTC${at.toFormat('ZZ')})`
}

/**
 * The deadline as the reader says it, in their own time zone: "Today 17:12, your time",
 * "Tomorrow 09:00, your time", "Yesterday 10:00, your time", else "Thu 5 Mar, 17:12, your time"
 * (with the year when it is not this year's).
 */
export function plainDeadline(deadline: number, now: number, zone: string): string {
  const at = inZone(deadline, zone)
  const today = inZone(now, zone).startOf('day')
  const days = Math.round(at.startOf('day').diff(today, 'days').days)
  const time = at.toFormat('HH:mm')
  const day =
    days === 0
      ? `Today ${time}`
      : days === 1
        ? `Tomorrow ${time}`
        : days === -1
          ? `Yesterday ${time}`
          : at.toFormat(at.year === today.year ? 'ccc d LLL, HH:mm' : 'ccc d LLL yyyy, HH:mm')
  return `${day}, your time`
}

/** The first word of a full name ("Ada Lovelace" → "Ada"); the whole name when it has one word. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name
}

/** "4 h left", "just passed", "passed 2 h ago". */
export function timeLeftPhrase(left: number): string {
  if (left >= MINUTE) return `${formatTimeLeft(left)} left`
  if (left > -MINUTE) return 'just passed'
  return `passed ${formatTimeLeft(-left)} ago`
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
    firstName: firstName(context.user.name),
    company: context.interview.company,
    role: context.interview.role,
    deadline: plainDeadline(deadline, now, context.user.timeZone),
    timeLeft: timeLeftPhrase(left),
    questions: context.questions.map((q) => ({ ...q, url: `${base}/questions/${q.id}` })),
    interviewers: context.interviewers.map((person) => ({
      ...person,
      firstName: firstName(person.name),
      editUrl: `${base}/interviewers/${person.id}/edit`,
    })),
    interviewUrl: `${base}/interviews/${context.interview.id}`,
    draftsUrl: `${base}/interviews/${context.interview.id}/drafts`,
    settingsUrl: `${base}/settings/reminders`,
  }
  return {
    subject,
    text: renderText('/reminder.text.eta', data),
    html: renderHtml('/reminder.html.eta', data),
  }
}
