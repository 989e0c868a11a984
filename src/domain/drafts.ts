import { DateTime } from 'luxon'
import { listPhrase, withArticle } from './wording.js'

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

/**
 * Renders a trusted template from views/email by name. The engine lives with the mail code
 * (src/mail/draftTemplates.ts); passing it in keeps this module free of file access.
 */
export type RenderFn = (template: string, data: Record<string, unknown>) => string

const TEMPLATES: Record<DraftKind, string> = {
  thank_you: './draft-thank-you',
  answers: './draft-answers',
  combined: './draft-combined',
}

/** Line endings and stray blank lines from user text or optional template parts never reach the note. */
function clean(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim()
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

export { listPhrase } from './wording.js'

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
    // "as a Pentester", "as an SRE", "as the Head of Security": the title as it reads after "as".
    asTitle: withArticle(interviewer.title),
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

export function draftThankYou(ctx: DraftContext, tone: Tone, renderFn: RenderFn): RenderedDraft {
  return render('thank_you', ctx, tone, [], renderFn)
}

export function draftAnswers(
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn,
): RenderedDraft {
  return render('answers', ctx, tone, questions, renderFn)
}

export function draftCombined(
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn,
): RenderedDraft {
  return render('combined', ctx, tone, questions, renderFn)
}

export function renderDraft(
  kind: DraftKind,
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn,
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
export function draftHtml(text: string, renderFn: RenderFn): string {
  const paragraphs = clean(text)
    .split(/\n{2,}/)
    .map((para) => para.split('\n').map(linkify))
  return renderFn('./draft-html', { paragraphs })
}
