import { type Checked, httpUrlProblem, LIMITS, type Problems, textProblem } from './fieldChecks.js'
import { iso } from './format.js'
import {
  INTERVIEW_KINDS,
  type InterviewKind,
  localToInstant,
  MAX_DURATION_MS,
  OUTCOMES,
  type Outcome,
  parseDateTimeInput,
} from './interview.js'
import { isValidTimeZone } from './timeZones.js'

// An interview as typed into the form or the API: its times read in its zone, then checked.

export interface InterviewInput {
  company: string
  role: string
  kind: string
  startsAt: string
  /** Either endsAt or durationMinutes; endsAt wins when both are given. */
  endsAt?: string | undefined
  durationMinutes?: number | undefined
  timeZone: string
  location?: string | undefined
  jobUrl?: string | undefined
  notes?: string | undefined
  outcome?: string | undefined
}

export interface InterviewData {
  company: string
  role: string
  kind: InterviewKind
  startsAt: number
  endsAt: number
  timeZone: string
  location: string
  jobUrl: string
  notes: string
  outcome: Outcome
}

function timeProblem(reason: 'invalid' | 'nonexistent', timeZone: string): string {
  return reason === 'nonexistent'
    ? `does not exist in ${timeZone}: the clocks skip that time for daylight saving. Choose a time outside the skipped hour`
    : 'must be a date and time such as 2026-03-02T14:30'
}

export type TimesInput = Pick<InterviewInput, 'startsAt' | 'endsAt' | 'durationMinutes' | 'timeZone'>

/**
 * Local or offset date-times → UTC instants. The end must follow the start by at most
 * 12 hours: longer spans are almost always a mistyped date, and would push the 24-hour
 * follow-up deadline far from the real end.
 */
export function resolveInterviewTimes(input: TimesInput): Checked<{ startsAt: number; endsAt: number }> {
  const problems: Problems = {}
  if (!isValidTimeZone(input.timeZone)) {
    problems.timeZone = 'must be an IANA time zone such as Europe/Berlin'
    // Without a zone the times can't be placed, but their form can still be checked, so every
    // wrong field is reported at once.
    if (!parseDateTimeInput(input.startsAt, 'UTC').ok) problems.startsAt = timeProblem('invalid', 'UTC')
    if ((input.endsAt ?? '') !== '' && !parseDateTimeInput(input.endsAt ?? '', 'UTC').ok)
      problems.endsAt = timeProblem('invalid', 'UTC')
    return { ok: false, problems }
  }
  const start = parseDateTimeInput(input.startsAt, input.timeZone)
  if (!start.ok) problems.startsAt = timeProblem(start.reason, input.timeZone)

  let endsAt: number | undefined
  const endText = input.endsAt ?? ''
  if (endText !== '') {
    const end = parseDateTimeInput(endText, input.timeZone)
    if (!end.ok) problems.endsAt = timeProblem(end.reason, input.timeZone)
    else endsAt = end.value
  } else if (input.durationMinutes !== undefined) {
    const minutes = input.durationMinutes
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > LIMITS.durationMinutes)
      problems.durationMinutes = `must be a whole number of minutes from 1 to ${LIMITS.durationMinutes}`
    else if (start.ok) endsAt = start.value + minutes * 60_000
  } else {
    problems.endsAt = 'is required (or give the duration in minutes)'
  }

  if (start.ok && endsAt !== undefined) {
    if (endsAt <= start.value) problems.endsAt = 'must be after the start'
    else if (endsAt - start.value > MAX_DURATION_MS)
      problems.endsAt = 'must be at most 12 hours after the start'
  }
  if (!start.ok || endsAt === undefined || Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, value: { startsAt: start.value, endsAt } }
}

/** Every rule an interview must satisfy, shared by the pages and the API. Text is stored trimmed. */
export function checkInterview(input: InterviewInput): Checked<InterviewData> {
  const problems: Problems = {}
  const company = input.company.trim()
  const role = input.role.trim()
  const location = (input.location ?? '').trim()
  const jobUrl = (input.jobUrl ?? '').trim()
  const notes = input.notes ?? ''
  const outcome = input.outcome ?? 'pending'

  const set = (field: string, problem: string | undefined) => {
    if (problem) problems[field] ??= problem
  }
  set('company', textProblem(company, LIMITS.company, true))
  set('role', textProblem(role, LIMITS.role, true))
  if (!(INTERVIEW_KINDS as readonly string[]).includes(input.kind))
    set('kind', `must be one of: ${INTERVIEW_KINDS.join(', ')}`)
  if (!(OUTCOMES as readonly string[]).includes(outcome))
    set('outcome', `must be one of: ${OUTCOMES.join(', ')}`)
  set('location', textProblem(location, LIMITS.location, false))
  if (jobUrl !== '') set('jobUrl', httpUrlProblem(jobUrl))
  set('notes', textProblem(notes, LIMITS.notes, false))

  const times = resolveInterviewTimes(input)
  if (!times.ok) Object.assign(problems, times.problems)

  if (!times.ok || Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    value: {
      company,
      role,
      kind: input.kind as InterviewKind,
      startsAt: times.value.startsAt,
      endsAt: times.value.endsAt,
      timeZone: input.timeZone,
      location,
      jobUrl,
      notes,
      outcome: outcome as Outcome,
    },
  }
}

/**
 * A partial update over a stored interview. Existing instants are passed on as UTC ISO
 * strings so they keep their meaning whatever zone is in force; moving only the start
 * keeps the duration, so the interview shifts rather than stretches.
 */
export function mergeInterviewPatch(
  existing: InterviewData,
  patch: Partial<Omit<InterviewInput, 'durationMinutes'>> & { durationMinutes?: number | undefined },
): InterviewInput {
  let endsAt = patch.endsAt
  let durationMinutes = patch.durationMinutes
  if (endsAt === undefined && durationMinutes === undefined) {
    if (patch.startsAt !== undefined) durationMinutes = (existing.endsAt - existing.startsAt) / 60_000
    else endsAt = iso(existing.endsAt)
  }
  return {
    company: patch.company ?? existing.company,
    role: patch.role ?? existing.role,
    kind: patch.kind ?? existing.kind,
    startsAt: patch.startsAt ?? iso(existing.startsAt),
    endsAt,
    durationMinutes,
    timeZone: patch.timeZone ?? existing.timeZone,
    location: patch.location ?? existing.location,
    jobUrl: patch.jobUrl ?? existing.jobUrl,
    notes: patch.notes ?? existing.notes,
    outcome: patch.outcome ?? existing.outcome,
  }
}

/** The first instant of a calendar day in a zone (a day whose midnight is skipped by DST starts at 01:00). */
export function startOfDay(day: string, timeZone: string): number | undefined {
  for (const hour of ['00', '01', '02', '03']) {
    const result = localToInstant(`${day}T${hour}:00`, timeZone)
    if (result.ok) return result.value
    if (result.reason === 'invalid') return undefined
  }
  return undefined
}

/** Whole days "from"–"to" (inclusive, "YYYY-MM-DD", either optional) → a half-open instant range. */
export function dayRange(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
): { from?: number; until?: number } {
  const range: { from?: number; until?: number } = {}
  if (from) range.from = startOfDay(from, timeZone)
  if (to) {
    const next = new Date(`${to}T00:00:00Z`)
    if (!Number.isNaN(next.getTime())) {
      next.setUTCDate(next.getUTCDate() + 1)
      range.until = startOfDay(next.toISOString().slice(0, 10), timeZone)
    }
  }
  return range
}
