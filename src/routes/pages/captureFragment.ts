import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AccessContext } from '../../services/access.js'
import type { FieldErrors } from '../../validation.js'
import { CAPTURE_FIELDS, guideOf, viewCommon } from './interviewPage.js'

// The quick capture saved with fetch (public/js/interview.js): instead of a page load the
// answer carries the rendered list item and guide, from the same partials the page uses.

/** A script asking for JSON wants the fragment; a plain form post wants the redirect. */
export const wantsFragment = (request: FastifyRequest): boolean =>
  (request.headers.accept ?? '').includes('application/json')

/** Field errors keyed by the field's id, worded exactly as the page prints them beside the field. */
export function captureErrors(fields: FieldErrors): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, message] of Object.entries(fields)) {
    const field = CAPTURE_FIELDS[name as keyof typeof CAPTURE_FIELDS]
    if (field) out[field.id] = `${field.label} ${message}`
  }
  return out
}

export interface CaptureFragment {
  count: number
  message: string
  /** The new question's <li>, from views/partials/question-item.eta. */
  item: string
  /** The guide (views/partials/next-step.eta); null before the interview, when the page has none. */
  guide: string | null
  /** "(1/3 researched)", the questions heading's counter. */
  progress: string
}

export async function captureFragment(
  app: FastifyInstance,
  access: AccessContext,
  interviewId: number,
  questionId: number,
): Promise<CaptureFragment | null> {
  const found = app.services.interviews.page(access, interviewId)
  if (!found.ok) return null
  const { interview, questions, interviewers } = found.value
  const q = questions.find((question) => question.id === questionId)
  if (!q) return null
  const { labels } = viewCommon(app)
  const item = await app.view('partials/question-item', {
    q,
    labels,
    interviewerNames: new Map(interviewers.map((p) => [p.id, p.name])),
  })
  const guide =
    interview.status === 'scheduled'
      ? null
      : await app.view('partials/next-step', { guide: guideOf(found.value), readOnly: !access.mayWrite })
  const research = guideOf(found.value).steps.find((s) => s.name === 'research')!
  return {
    count: questions.length,
    message: `Question saved (${questions.length}).`,
    item: String(item),
    guide: guide === null ? null : String(guide),
    progress: `(${research.count})`,
  }
}
