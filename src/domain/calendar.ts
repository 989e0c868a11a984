import { createEvents, type EventAttributes } from 'ics'
import { DateTime } from 'luxon'
import {
  FOLLOW_UP_WINDOW_MS,
  type FollowUpState,
  followUpDeadline,
  followUpOwed,
  KIND_LABELS,
} from './interview.js'
import type { InterviewData } from './interviewInput.js'
import { formatLead } from './reminderPlan.js'

/** What the calendar needs of an interview; read by src/db/calendar.ts. */
export interface CalendarInterview extends Omit<InterviewData, 'jobUrl' | 'notes'> {
  id: number
  followUpState: FollowUpState
  createdAt: number
  updatedAt: number
}

export interface CalendarOptions {
  now: number
  /** The app's public URL, for links back to each interview. */
  baseUrl: string
  /** Minutes before the deadline at which the user wants to be reminded (reminder_settings.leads). */
  leads: readonly number[]
  calName?: string
}

/** How long the deadline event lasts in calendars; the deadline itself is its start. */
export const DEADLINE_EVENT_MINUTES = 15

// Calendar apps keep the copy with the highest SEQUENCE. Deriving it from updated_at (seconds
// since a fixed epoch) makes every saved change count as newer without storing a counter.
const SEQUENCE_EPOCH = Date.UTC(2024, 0, 1)
const sequenceOf = (updatedAt: number) => Math.max(0, Math.floor((updatedAt - SEQUENCE_EPOCH) / 1000))

/** A deadline belongs in the calendar only while a follow-up is still owed. */
export function hasOpenDeadline(interview: Pick<CalendarInterview, 'followUpState' | 'outcome'>): boolean {
  return followUpOwed(interview)
}

export const interviewUid = (id: number) => `interview-${id}@debrief`
export const deadlineUid = (id: number) => `deadline-${id}@debrief`

function local(ms: number, zone: string, format: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat(format)
}

function interviewUrl(baseUrl: string, id: number): string {
  return `${baseUrl.replace(/\/+$/, '')}/interviews/${id}`
}

type Event = EventAttributes & { timestamp: number }

// RFC 5545 TEXT allows no control characters but HTAB, and a line break inside a value must
// be written as the two characters "\n". The ics package escapes CRLF and LF but not a bare CR,
// which many clients read as a line break: a company name could then start new properties or
// events. Every user-provided value therefore gets its line breaks unified to LF and other
// control characters dropped before the package sees it.
const LINE_BREAK = /\r\n|\r|\n/g
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const OTHER_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** For values the ics package escapes itself (SUMMARY, DESCRIPTION, LOCATION). */
export const icsPlainText = (text: string) => text.replace(LINE_BREAK, '\n').replace(OTHER_CONTROLS, '')

/**
 * For values the ics package writes as given (an alarm's DESCRIPTION, X-WR-CALNAME): the same
 * escaping it applies to SUMMARY (backslash, semicolon, comma, newline as "\n").
 */
export const icsEscapedText = (text: string) =>
  icsPlainText(text).replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n')

/**
 * The interview itself, and its follow-up deadline while one is owed. Times are UTC instants
 * (so no VTIMEZONE is needed and DST cannot shift them); the zone the interview was held in
 * is named in the description, with the local times there.
 */
export function interviewEvents(interview: CalendarInterview, options: CalendarOptions): Event[] {
  const zone = interview.timeZone
  const company = icsPlainText(interview.company)
  const role = icsPlainText(interview.role)
  const url = interviewUrl(options.baseUrl, interview.id)
  const deadline = followUpDeadline(interview.endsAt)
  const localRange = `${local(interview.startsAt, zone, 'ccc d LLL yyyy, HH:mm')}–${local(interview.endsAt, zone, 'HH:mm')} ${zone} (${local(interview.startsAt, zone, 'ZZZZ')})`
  const common = {
    startInputType: 'utc',
    startOutputType: 'utc',
    endInputType: 'utc',
    endOutputType: 'utc',
    timestamp: options.now,
    created: interview.createdAt,
    lastModified: interview.updatedAt,
    sequence: sequenceOf(interview.updatedAt),
    url,
  } as const

  const events: Event[] = [
    {
      ...common,
      uid: interviewUid(interview.id),
      title: `Interview: ${company} — ${role}`,
      start: interview.startsAt,
      end: interview.endsAt,
      ...(interview.location ? { location: icsPlainText(interview.location) } : {}),
      description: [
        `${KIND_LABELS[interview.kind]} interview, ${localRange}.`,
        `Follow up within 24 hours: by ${local(deadline, zone, 'ccc d LLL, HH:mm')} ${zone}.`,
        url,
      ].join('\n'),
      categories: ['Interview'],
      // A withdrawal before the interview took place means it will not happen; afterwards it
      // is history and stays as it was.
      status:
        interview.outcome === 'withdrawn' && interview.startsAt > options.now ? 'CANCELLED' : 'CONFIRMED',
      busyStatus: 'BUSY',
    },
  ]

  if (hasOpenDeadline(interview)) {
    events.push({
      ...common,
      uid: deadlineUid(interview.id),
      title: `Follow-up due: ${company} — ${role}`,
      // The event starts at the deadline so every alarm is simply "lead before the start".
      start: deadline,
      end: deadline + DEADLINE_EVENT_MINUTES * 60_000,
      description: [
        `Send your thank-you and answer notes for the ${company} interview (${localRange}).`,
        `Deadline: ${local(deadline, zone, 'ccc d LLL yyyy, HH:mm')} ${zone}, ${FOLLOW_UP_WINDOW_MS / 3_600_000} hours after it ended.`,
        url,
      ].join('\n'),
      categories: ['Follow-up'],
      status: 'CONFIRMED',
      transp: 'TRANSPARENT',
      busyStatus: 'FREE',
      alarms: [...new Set(options.leads)]
        .filter((lead) => Number.isInteger(lead) && lead > 0)
        .sort((a, b) => b - a)
        .map((lead) => ({
          action: 'display',
          description: icsEscapedText(`Follow-up for ${interview.company} due in ${formatLead(lead)}`),
          trigger: { before: true, hours: Math.floor(lead / 60), minutes: lead % 60 },
        })),
    })
  }
  return events
}

export class CalendarError extends Error {}

/** One RFC 5545 document (CRLF lines, folded at 75 octets by the ics package). */
export function buildCalendar(interviews: readonly CalendarInterview[], options: CalendarOptions): string {
  const events = interviews.flatMap((interview) => interviewEvents(interview, options))
  const { error, value } = createEvents(events, {
    productId: '-//Debrief//Interview follow-ups//EN',
    method: 'PUBLISH',
    calName: icsEscapedText(options.calName ?? 'Debrief interviews'),
  })
  if (error || value === null) throw new CalendarError(error?.message ?? 'calendar could not be built')
  const text = refold(value)
  // The line structure is what a client trusts: a stray CR or LF would be read as a new property.
  if (/\r(?!\n)|(?<!\r)\n/.test(text)) throw new CalendarError('calendar text contains a bare line break')
  return text
}

/**
 * The ics package folds lines every 75 characters, but RFC 5545 counts octets: a line with an
 * en dash or an accented name would run over. Unfold, then fold again at 75 octets without
 * splitting a character.
 */
export function refold(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n')
  return lines
    .map((line) => {
      const parts: string[] = []
      let current = ''
      let bytes = 0
      let limit = 75
      for (const char of line) {
        const size = Buffer.byteLength(char)
        if (bytes + size > limit) {
          parts.push(current)
          current = ''
          bytes = 0
          limit = 74 // continuation lines start with a space
        }
        current += char
        bytes += size
      }
      parts.push(current)
      return parts.join('\r\n ')
    })
    .join('\r\n')
}
