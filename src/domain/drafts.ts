import { join } from 'node:path'
import { Eta } from 'eta'
import { DateTime } from 'luxon'
import { viewsDir } from '../paths.js'
import { followUpDeadline } from './interview.js'
import { emailProblem } from './interviewInput.js'

export const DRAFT_KINDS = ['thank_you', 'answers', 'combined'] as const
export type DraftKind = (typeof DRAFT_KINDS)[number]
export const DRAFT_KIND_LABELS: Record<DraftKind, string> = {
  thank_you: 'Thank-you note',
  answers: 'Answer note',
  combined: 'Thank-you and answers in one email',
}

export const TONES = ['warm', 'formal', 'brief'] as const
export type Tone = (typeof TONES)[number]
export const TONE_LABELS: Record<Tone, string> = { warm: 'Warm', formal: 'Formal', brief: 'Brief' }

export const DRAFT_STATES = ['draft', 'sending', 'sent'] as const
export type DraftState = (typeof DRAFT_STATES)[number]

/** Everything a note is personalised with. Free text here is the user's own, never markup. */
export interface DraftContext {
  sender: { name: string }
  interview: { company: string; role: string; endsAt: number; timeZone: string }
  interviewer: { name: string; title: string; topics: readonly string[] }
  /** One of the user's own questions and the answer heard, to show the user listened. */
  answerHeard: { question: string; answer: string } | null
}

export interface DraftQuestion {
  text: string
  answer: string
  sources: readonly string[]
}

export interface RenderedDraft {
  subject: string
  text: string
}

/** Renders a trusted template from views/email by name; injectable so the module stays testable without files. */
export type RenderFn = (template: string, data: Record<string, unknown>) => string

let textEta: Eta | undefined
let htmlEta: Eta | undefined

// Two engines on purpose: plain-text mail must carry "&" and "<" as typed, while the HTML
// alternative must escape every interpolation.
export const renderText: RenderFn = (template, data) => {
  textEta ??= new Eta({ views: join(viewsDir, 'email'), autoEscape: false, autoTrim: false, cache: true })
  return textEta.render(template, data)
}

export const renderHtml: RenderFn = (template, data) => {
  htmlEta ??= new Eta({ views: join(viewsDir, 'email'), autoEscape: true, autoTrim: false, cache: true })
  return htmlEta.render(template, data)
}

const TEMPLATES: Record<DraftKind, string> = {
  thank_you: './draft-thank-you',
  answers: './draft-answers',
  combined: './draft-combined',
}

/** Line endings and stray blank lines from user text or optional template parts never reach the note. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim()
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** "A", "A and B", "A, B and C". */
export function listPhrase(items: readonly string[]): string {
  const parts = items.map(oneLine).filter(Boolean)
  if (parts.length <= 1) return parts[0] ?? ''
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/** A greeting name: the first given name, unless the first word is an honorific like "Dr.". */
export function firstName(name: string): string {
  const words = oneLine(name).split(' ')
  const first = words[0] ?? ''
  return first.endsWith('.') || words.length === 1 ? oneLine(name) : first
}

/** Ends a fragment of free text with a full stop unless it already ends a sentence. */
function sentence(text: string): string {
  const t = oneLine(text)
  if (!t) return ''
  return /[.!?…"”')]$/.test(t) ? t : `${t}.`
}

function templateData(ctx: DraftContext, tone: Tone, questions: readonly DraftQuestion[]) {
  const { interview, interviewer } = ctx
  const topics = interviewer.topics.map(oneLine).filter(Boolean)
  const heard =
    ctx.answerHeard && oneLine(ctx.answerHeard.question) && oneLine(ctx.answerHeard.answer)
      ? {
          question: oneLine(ctx.answerHeard.question),
          answer: sentence(ctx.answerHeard.answer),
        }
      : null
  return {
    tone,
    sender: oneLine(ctx.sender.name),
    company: oneLine(interview.company),
    role: oneLine(interview.role),
    // The day is named in the interview's own zone: that is the day both people remember.
    day: DateTime.fromMillis(interview.endsAt, { zone: interview.timeZone }).toFormat('cccc'),
    date: DateTime.fromMillis(interview.endsAt, { zone: interview.timeZone }).toFormat('cccc d LLLL'),
    name: oneLine(interviewer.name),
    first: firstName(interviewer.name),
    title: oneLine(interviewer.title),
    topics,
    topicsText: listPhrase(topics),
    heard,
    questions: questions.map((q) => ({
      text: oneLine(q.text),
      answer: clean(q.answer),
      sources: q.sources.map(oneLine).filter(Boolean),
    })),
    many: questions.length > 1,
  }
}

/** Templates start with a "Subject: …" line, then the body after a blank line. */
function split(rendered: string, template: string): RenderedDraft {
  const text = rendered.replace(/\r\n?/g, '\n')
  const newline = text.indexOf('\n')
  const first = newline === -1 ? text : text.slice(0, newline)
  if (!first.startsWith('Subject:')) {
    throw new Error(`Template ${template} must start with a "Subject:" line.`)
  }
  const body = text
    .slice(newline + 1)
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
  return { subject: oneLine(first.slice('Subject:'.length)), text: `${body}\n` }
}

function render(
  kind: DraftKind,
  ctx: DraftContext,
  tone: Tone,
  questions: readonly DraftQuestion[],
  renderFn: RenderFn,
): RenderedDraft {
  const template = TEMPLATES[kind]
  return split(renderFn(template, templateData(ctx, tone, questions)), template)
}

export function draftThankYou(ctx: DraftContext, tone: Tone, renderFn: RenderFn = renderText): RenderedDraft {
  return render('thank_you', ctx, tone, [], renderFn)
}

export function draftAnswers(
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft {
  return render('answers', ctx, tone, questions, renderFn)
}

export function draftCombined(
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft {
  return render('combined', ctx, tone, questions, renderFn)
}

export function renderDraft(
  kind: DraftKind,
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft {
  return render(kind, ctx, tone, kind === 'thank_you' ? [] : questions, renderFn)
}

type Segment = { text: string; href?: string }

const URL_PATTERN = /https?:\/\/[^\s<>"]+/g

function linkify(line: string): Segment[] {
  const segments: Segment[] = []
  let last = 0
  for (const match of line.matchAll(URL_PATTERN)) {
    // Punctuation that ends a sentence is not part of the address it follows.
    const url = match[0].replace(/[.,;:!?)\]]+$/, '')
    const start = match.index
    if (start > last) segments.push({ text: line.slice(last, start) })
    segments.push({ text: url, href: url })
    last = start + url.length
  }
  if (last < line.length) segments.push({ text: line.slice(last) })
  return segments
}

/**
 * The HTML alternative is derived from the final (possibly edited) text rather than from
 * the templates, so both parts of a message always say the same thing; the template
 * escapes every piece of it.
 */
export function draftHtml(text: string, renderFn: RenderFn = renderHtml): string {
  const paragraphs = clean(text)
    .split(/\n{2,}/)
    .map((para) => para.split('\n').map(linkify))
  return renderFn('./draft-html', { paragraphs })
}

// --- Pre-send checks ----------------------------------------------------------------------

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
export const isSingleAddress = (value: string): boolean => emailProblem(value) === undefined

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

// --- Hand-off helpers ---------------------------------------------------------------------

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
