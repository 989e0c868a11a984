import { join } from 'node:path'
import { Eta } from 'eta'
import {
  draftAnswers as answersWith,
  draftCombined as combinedWith,
  type DraftContext,
  type DraftKind,
  type DraftQuestion,
  draftHtml as htmlWith,
  type RenderedDraft,
  type RenderFn,
  renderDraft as renderWith,
  type Tone,
  draftThankYou as thankYouWith,
} from '../domain/drafts.js'
import { viewsDir } from '../paths.js'

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

/** The follow-up notes rendered from views/email (the domain builds what they say, these read the files). */
export const draftThankYou = (
  ctx: DraftContext,
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft => thankYouWith(ctx, tone, renderFn)

export const draftAnswers = (
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft => answersWith(ctx, questions, tone, renderFn)

export const draftCombined = (
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft => combinedWith(ctx, questions, tone, renderFn)

export const renderDraft = (
  kind: DraftKind,
  ctx: DraftContext,
  questions: readonly DraftQuestion[],
  tone: Tone,
  renderFn: RenderFn = renderText,
): RenderedDraft => renderWith(kind, ctx, questions, tone, renderFn)

/** The HTML alternative of a note's final text. */
export const draftHtml = (text: string, renderFn: RenderFn = renderHtml): string => htmlWith(text, renderFn)
