import { EMAIL_LOCAL_MAX, EMAIL_MAX, emailAddressProblem } from './emailAddress.js'
import { MAX_DURATION_MS } from './interview.js'

// The checks every form and API body of Debrief shares: field limits, text, links and tag lists.

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
  email: EMAIL_MAX,
  emailLocal: EMAIL_LOCAL_MAX,
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

/** The one e-mail rule (src/domain/emailAddress.ts), under the name the field checks use. */
export const emailProblem = emailAddressProblem

export type Checked<T> = { ok: true; value: T } | { ok: false; problems: Problems }

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
