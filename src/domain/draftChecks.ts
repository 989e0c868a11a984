import type { DraftKind } from './drafts.js'
import { oneLine } from './drafts.js'
import { isSingleAddress } from './emailAddress.js'
import { followUpDeadline } from './interview.js'

// Pre-send checks of a note, and the helpers that hand a note over (mailto:, headers, file names).

export type CheckCode =
  | 'review_pending'
  | 'unresearched'
  | 'missing_email'
  | 'invalid_email'
  | 'placeholder'
  | 'deadline_passed'
  | 'empty'
  | 'no_answers'

export interface DraftCheck {
  code: CheckCode
  /** "error" blocks sending from Debrief; a "warning" is for the user to weigh. */
  level: 'error' | 'warning'
  message: string
}

/**
 * Only an address the interview page would accept for an interviewer is sent to: one plain
 * addr-spec, so nothing typed into the field can become a second recipient or a new header.
 */
export { isSingleAddress }

const PLACEHOLDER = /\[[^[\]\n]{0,60}\]|[[\]]|\b(?:TODO|XXX|TBD|FIXME)\b|\{\{[^}\n]{0,60}\}\}/g

export function findPlaceholders(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[0]))]
}

export interface CheckInput {
  kind: DraftKind
  subject: string
  body: string
  interviewerEmail: string
  /** Texts of this interviewer's follow-up questions without a researched answer. */
  unresearched: readonly string[]
  /** How many researched questions the note would carry (answers and combined notes). */
  readyCount: number
  endsAt: number
  now: number
}

export function preSendChecks(input: CheckInput): DraftCheck[] {
  const checks: DraftCheck[] = []
  const email = input.interviewerEmail.trim()
  if (email === '') {
    checks.push({
      code: 'missing_email',
      level: 'error',
      message:
        'The interviewer has no email address. Add it on the interview page to send or download this note.',
    })
  } else if (!isSingleAddress(email)) {
    checks.push({
      code: 'invalid_email',
      level: 'error',
      message: `The interviewer's email "${oneLine(email)}" is not one plain address like name@example.com. Fix it on the interview page.`,
    })
  }
  if (input.subject.trim() === '' || input.body.trim() === '') {
    checks.push({ code: 'empty', level: 'error', message: 'The subject and the text must not be empty.' })
  }
  if (input.unresearched.length > 0) {
    const n = input.unresearched.length
    checks.push({
      code: 'unresearched',
      level: 'warning',
      message: `${n} question${n === 1 ? '' : 's'} marked for follow-up ${n === 1 ? 'has' : 'have'} no researched answer yet: ${input.unresearched.map((t) => `"${oneLine(t)}"`).join(', ')}. Research ${n === 1 ? 'it' : 'them'} or untick "include in follow-up".`,
    })
  }
  if (input.kind !== 'thank_you' && input.readyCount === 0) {
    checks.push({
      code: 'no_answers',
      level: 'warning',
      message:
        'No researched question is included for this interviewer any more; this note may be out of date.',
    })
  }
  const placeholders = findPlaceholders(`${input.subject}\n${input.body}`)
  if (placeholders.length > 0) {
    checks.push({
      code: 'placeholder',
      level: 'warning',
      message: `Leftover placeholder text: ${placeholders
        .slice(0, 5)
        .map((p) => `"${p}"`)
        .join(', ')}. Replace it before sending.`,
    })
  }
  const deadline = followUpDeadline(input.endsAt)
  if (input.now > deadline) {
    const hours = Math.floor((input.now - deadline) / 3_600_000)
    checks.push({
      code: 'deadline_passed',
      level: 'warning',
      message: `The 24-hour follow-up deadline passed ${hours >= 1 ? `${hours} h` : 'less than an hour'} ago. Sending is still worthwhile; there is no need to apologise at length.`,
    })
  }
  return checks
}

/** Longer mailto: links are cut off or refused by some browsers and mail clients. */
export const MAILTO_LIMIT = 2000

export interface Mailto {
  href: string
  /** false: the body did not fit, href carries the address and subject only. */
  complete: boolean
  length: number
}

export function mailtoLink(to: string, subject: string, body: string): Mailto {
  // RFC 6068: spaces as %20 (not "+") and line breaks as CRLF, both percent-encoded.
  const address = isSingleAddress(to.trim()) ? encodeURIComponent(to.trim()).replace(/%40/g, '@') : ''
  const head = `mailto:${address}?subject=${encodeURIComponent(oneLine(subject))}`
  const full = `${head}&body=${encodeURIComponent(body.replace(/\r?\n/g, '\r\n'))}`
  if (full.length <= MAILTO_LIMIT) return { href: full, complete: true, length: full.length }
  return { href: head, complete: false, length: full.length }
}

/** Header values are single lines, so each line break or control character becomes a space. */
export function headerSafe(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim()
}

export function emlFilename(kind: DraftKind, interviewerName: string): string {
  const slug = interviewerName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toLowerCase()
  return `${kind.replace('_', '-')}${slug ? `-${slug}` : ''}.eml`
}
