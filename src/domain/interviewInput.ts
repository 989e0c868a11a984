import {
  CONFIDENCES,
  type Confidence,
  INTERVIEW_KINDS,
  type InterviewKind,
  localToInstant,
  MAX_DURATION_MS,
  OUTCOMES,
  type Outcome,
  parseDateTimeInput,
} from './interview.js'
import { isValidTimeZone } from './timeZones.js'

/** Field → message; the message reads after the field's name ("Company must not be empty"). */
export type Problems = Record<string, string>

/** One set of limits for the schemas, the forms' maxlength and the checks below. */
export const LIMITS = {
  company: 200,
  role: 200,
  location: 500,
  url: 2000,
  notes: 20_000,
  personName: 200,
  title: 200,
  email: 254,
  emailLocal: 64,
  interviewerNotes: 10_000,
  topic: 50,
  topics: 20,
  questionText: 2000,
  answer: 20_000,
  sources: 20,
  askText: 500,
  answerHeard: 5000,
  durationMinutes: MAX_DURATION_MS / 60_000,
} as const

export function textProblem(value: string, max: number, required: boolean): string | undefined {
  if (required && value.trim() === '') return 'must not be empty'
  if (value.length > max) return `must be at most ${max} characters`
  return undefined
}

/**
 * Only absolute http(s) addresses: anything else (javascript:, data:, relative paths) would
 * turn a stored link into a script or an open redirect once rendered as href.
 */
export function httpUrlProblem(value: string): string | undefined {
  if (value.length > LIMITS.url) return `must be at most ${LIMITS.url} characters`
  if (/[\s\p{Cc}]/u.test(value)) return 'must be one http:// or https:// address without spaces'
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'must be a full address starting with http:// or https://'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://'
  if (url.hostname === '') return 'must include a host name, e.g. https://example.com/job'
  return undefined
}

const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
const DOMAIN_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/
const TOP_LEVEL = /^([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/

/**
 * Exactly one bare address. The address ends up in mail headers, so anything that could add
 * a recipient or a header (commas, CR/LF, "Name <addr>", quoted local parts) is refused
 * rather than interpreted.
 */
export function emailProblem(value: string): string | undefined {
  if (/[\r\n]/.test(value)) return 'must be on one line'
  if (/[,;]/.test(value)) return 'must be exactly one address (no commas or semicolons)'
  if (/[<>"()[\]\\]/.test(value))
    return 'must be a bare address like name@example.com, without a display name or brackets'
  if (/[\s\p{Cc}]/u.test(value)) return 'must not contain spaces'
  if (value.length > LIMITS.email) return `must be at most ${LIMITS.email} characters`
  const parts = value.split('@')
  if (parts.length !== 2) return 'must be one address like name@example.com'
  const [local, domain] = parts as [string, string]
  if (local.length === 0 || local.length > LIMITS.emailLocal || !LOCAL_PART.test(local))
    return 'must be a valid address like name@example.com (check the part before @)'
  const labels = domain.split('.')
  if (
    labels.length < 2 ||
    !labels.every((label) => DOMAIN_LABEL.test(label)) ||
    !TOP_LEVEL.test(labels.at(-1)!)
  )
    return 'must be a valid address like name@example.com (check the part after @)'
  return undefined
}

export type ListResult = { ok: true; value: string[] } | { ok: false; problem: string }

/** Tags from "sql, indexes" or one per line (or an API array): trimmed, blanks dropped, duplicates merged ignoring case. */
export function parseTopics(raw: string | readonly string[]): ListResult {
  const items = typeof raw === 'string' ? raw.split(/[,\n]/) : raw
  const seen = new Set<string>()
  const topics: string[] = []
  for (const item of items) {
    const topic = item.trim().replace(/\s+/g, ' ')
    if (topic === '') continue
    if (topic.length > LIMITS.topic)
      return {
        ok: false,
        problem: `must each be at most ${LIMITS.topic} characters ("${topic.slice(0, 20)}…")`,
      }
    const key = topic.toLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    topics.push(topic)
  }
  if (topics.length > LIMITS.topics) return { ok: false, problem: `must be at most ${LIMITS.topics} tags` }
  return { ok: true, value: topics }
}

/** Source links, one per line in forms; each must be an http(s) URL, and the message says which one is not. */
export function parseSources(raw: string | readonly string[]): ListResult {
  const lines = typeof raw === 'string' ? raw.split(/\r?\n/) : raw
  const sources: string[] = []
  for (const [index, line] of lines.entries()) {
    const url = line.trim()
    if (url === '') continue
    const problem = httpUrlProblem(url)
    if (problem) {
      const where = typeof raw === 'string' ? `line ${index + 1}` : `item ${index + 1}`
      return { ok: false, problem: `${where} ${problem}` }
    }
    if (!sources.includes(url)) sources.push(url)
  }
  if (sources.length > LIMITS.sources)
    return { ok: false, problem: `must be at most ${LIMITS.sources} links` }
  return { ok: true, value: sources }
}

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

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problems }

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
  const iso = (ms: number) => new Date(ms).toISOString()
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

export interface InterviewerInput {
  name: string
  title?: string | undefined
  email?: string | undefined
  notes?: string | undefined
  topics?: string | readonly string[] | undefined
}

export interface InterviewerData {
  name: string
  title: string
  email: string
  notes: string
  topics: string[]
}

export function checkInterviewer(input: InterviewerInput): Checked<InterviewerData> {
  const problems: Problems = {}
  const name = input.name.trim()
  const title = (input.title ?? '').trim()
  const email = (input.email ?? '').trim()
  const notes = input.notes ?? ''
  const set = (field: string, problem: string | undefined) => {
    if (problem) problems[field] ??= problem
  }
  set('name', textProblem(name, LIMITS.personName, true))
  set('title', textProblem(title, LIMITS.title, false))
  if (email !== '') set('email', emailProblem(email))
  set('notes', textProblem(notes, LIMITS.interviewerNotes, false))
  const topics = parseTopics(input.topics ?? [])
  if (!topics.ok) set('topics', topics.problem)
  if (!topics.ok || Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, value: { name, title, email, notes, topics: topics.value } }
}

export interface QuestionInput {
  text: string
  confidence: string
  topics?: string | readonly string[] | undefined
  myAnswer?: string | undefined
  researchedAnswer?: string | undefined
  sources?: string | readonly string[] | undefined
  researched?: boolean | undefined
  includeInFollowUp?: boolean | undefined
  interviewerId?: number | null | undefined
}

export interface QuestionData {
  text: string
  confidence: Confidence
  topics: string[]
  myAnswer: string
  researchedAnswer: string
  sources: string[]
  researched: boolean
  includeInFollowUp: boolean
  interviewerId: number | null
}

export function checkQuestion(input: QuestionInput): Checked<QuestionData> {
  const problems: Problems = {}
  const text = input.text.trim()
  const myAnswer = input.myAnswer ?? ''
  const researchedAnswer = input.researchedAnswer ?? ''
  const set = (field: string, problem: string | undefined) => {
    if (problem) problems[field] ??= problem
  }
  set('text', textProblem(text, LIMITS.questionText, true))
  if (!(CONFIDENCES as readonly string[]).includes(input.confidence))
    set('confidence', `must be one of: ${CONFIDENCES.join(', ')}`)
  const topics = parseTopics(input.topics ?? [])
  if (!topics.ok) set('topics', topics.problem)
  set('myAnswer', textProblem(myAnswer, LIMITS.answer, false))
  set('researchedAnswer', textProblem(researchedAnswer, LIMITS.answer, false))
  const sources = parseSources(input.sources ?? [])
  if (!sources.ok) set('sources', sources.problem)
  if (!topics.ok || !sources.ok || Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    value: {
      text,
      confidence: input.confidence as Confidence,
      topics: topics.value,
      myAnswer,
      researchedAnswer,
      sources: sources.value,
      researched: input.researched ?? false,
      includeInFollowUp: input.includeInFollowUp ?? true,
      interviewerId: input.interviewerId ?? null,
    },
  }
}

export function checkAskText(text: string): Checked<string> {
  const trimmed = text.trim()
  const problem = textProblem(trimmed, LIMITS.askText, true)
  return problem ? { ok: false, problems: { text: problem } } : { ok: true, value: trimmed }
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
