import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { MAILTO_LIMIT } from '../../domain/draftChecks.js'
import { DRAFT_KIND_LABELS, DRAFT_KINDS, TONE_LABELS, TONES } from '../../domain/drafts.js'
import { STATUS_LABELS } from '../../domain/interview.js'
import type { Failure, InterviewDrafts } from '../../services/drafts/index.js'
import type { FieldErrors } from '../../validation.js'
import { sendFailure } from '../serviceFailure.js'
import { ALL_SENT, focusAfter, keyOf, NEXT_NOTE, primaryIdOf, progressOf } from './draftProgress.js'
import { flashTo } from './formSteps.js'
import { CSRF_FIELD } from './forms.js'

// The forms of the drafts page, and the page itself as every one of its actions shows it again.

const Flag = Type.Optional(Type.String({ maxLength: 10 }))
/** The one form of a note: its editor's text goes with every button, so what is shown is what is used. */
export const NoteBody = Type.Object({
  action: Type.Optional(Type.Enum(['save', 'send', 'mark', 'regenerate'])),
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  tone: Type.Optional(Type.Enum([...TONES])),
  confirm_repeat: Flag,
  confirmed: Flag,
  ...CSRF_FIELD,
})
export const RegenerateBody = Type.Object({
  tone: Type.Enum([...TONES]),
  confirm: Flag,
  ...CSRF_FIELD,
})
export const PlanBody = Type.Object({ plan: Type.Enum(['one', 'two']), ...CSRF_FIELD })
export const NoteParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  interviewerId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  kind: Type.Enum([...DRAFT_KINDS]),
})
export const InterviewerParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  interviewerId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
})

export const NO_DRAFT = 'There is no such draft. It may belong to an interview that was deleted.'

export { keyOf }

export const backTo = (interviewId: number, key: string) => `/interviews/${interviewId}/drafts#draft-${key}`

export interface PageExtra {
  draftErrors?: Record<string, FieldErrors>
  draftValues?: Record<string, unknown>
  /** A hand-off refused as a repeat: the question, and the same request to confirm it. */
  repeat?: {
    key: string
    url: string
    message: string
    action: 'send' | 'mark'
    subject: string
    body: string
  }
}

/** A malformed id in the path is a page that does not exist, whatever else the form got wrong. */
export const badId = (request: FastifyRequest) => request.validationError?.validationContext === 'params'

/** The drafts page of an interview, whoever looks at it (the owner, or a coach reading it). */
export function draftsPage(request: FastifyRequest, reply: FastifyReply) {
  const app = request.server
  return (interviewId: number, extra: PageExtra = {}, status = 200) => {
    const view = app.services.drafts.forInterview(request.access!, interviewId)
    if (!view.ok) return sendFailure(request, reply, view)
    const progress = progressOf(view.value)
    return reply.code(status).page('drafts', {
      title: `Follow-up drafts · ${view.value.interview.company}`,
      view: view.value,
      now: app.clock.now(),
      tones: TONES.map((t) => [t, TONE_LABELS[t]]),
      kindLabels: DRAFT_KIND_LABELS,
      statusLabels: STATUS_LABELS,
      mailtoLimit: MAILTO_LIMIT,
      keyOf,
      progress,
      primaryId: primaryIdOf(progress),
      ids: { next: NEXT_NOTE, allSent: ALL_SENT },
      draftErrors: extra.draftErrors ?? {},
      draftValues: extra.draftValues ?? {},
      repeat: extra.repeat ?? null,
      coachReview: app.services.coachReviews.forDraftsPage(request.access!, interviewId, view.value),
    })
  }
}

/** After an action: a message for the next page view (and the control focus goes to), and back to the note. */
export function done(
  request: FastifyRequest,
  reply: FastifyReply,
  type: 'error' | 'info' | 'success',
  message: string,
  to: string,
  focus?: string,
) {
  // A fragment would take focus back from the named control once the browser scrolls to it;
  // the focused control is scrolled into view anyway.
  const flash = focus ? { type, message, focus } : { type, message }
  return flashTo(request, reply, focus ? to.replace(/#.*$/, '') : to, flash, 303)
}

/**
 * After a note was sent, marked, undone or un-marked: the message says what happened to whom,
 * and focus goes to the next note to send (or to the line saying every note is sent).
 */
export function handedOver(
  request: FastifyRequest,
  reply: FastifyReply,
  type: 'info' | 'success',
  note: { interviewId: number; interviewerId: number; kind: string; id: number | null },
  message: (view: InterviewDrafts) => string,
) {
  const view = request.server.services.drafts.forInterview(request.access!, note.interviewId)
  if (!view.ok) return sendFailure(request, reply, view)
  const focus = focusAfter(progressOf(view.value))
  return done(request, reply, type, message(view.value), backTo(note.interviewId, keyOf(note)), focus)
}

/** The id of a note's primary button on the page as it stands now (focus after saving it). */
export function primaryIdNow(request: FastifyRequest, interviewId: number, key: string) {
  const view = request.server.services.drafts.forInterview(request.access!, interviewId)
  return view.ok ? primaryIdOf(progressOf(view.value))(key) : undefined
}

/** A refused action on a note goes back to the note with the reason; one without a note is an error page. */
export function flashFailure(request: FastifyRequest, reply: FastifyReply, failure: Failure) {
  if (!failure.draft) return sendFailure(request, reply, failure)
  return done(
    request,
    reply,
    'error',
    failure.message,
    backTo(failure.draft.interviewId, keyOf(failure.draft)),
  )
}
