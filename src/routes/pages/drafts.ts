import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import {
  DRAFT_KIND_LABELS,
  DRAFT_KINDS,
  MAILTO_LIMIT,
  TONE_LABELS,
  TONES,
  type Tone,
} from '../../domain/drafts.js'
import { STATUS_LABELS } from '../../domain/interview.js'
import type { Failure, NoteRef } from '../../drafts/service.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND } from './interviewPage.js'

const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) })
const Flag = Type.Optional(Type.String({ maxLength: 10 }))
/** The one form of a note: its editor's text goes with every button, so what is shown is what is used. */
const NoteBody = Type.Object({
  action: Type.Optional(Type.Enum(['save', 'send', 'mark', 'regenerate'])),
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  tone: Type.Optional(Type.Enum([...TONES])),
  confirm_repeat: Flag,
  confirmed: Flag,
  _csrf: Type.Optional(Type.String()),
})
const RegenerateBody = Type.Object({
  tone: Type.Enum([...TONES]),
  confirm: Flag,
  _csrf: Type.Optional(Type.String()),
})
const PlanBody = Type.Object({ plan: Type.Enum(['one', 'two']), _csrf: Type.Optional(Type.String()) })
const NoteParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  interviewerId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  kind: Type.Enum([...DRAFT_KINDS]),
})
const InterviewerParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  interviewerId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
})

const NO_DRAFT = 'There is no such draft. It may belong to an interview that was deleted.'

/** The key of a note on the page: its id once stored, otherwise interviewer and kind. */
const keyOf = (d: { id: number | null; interviewerId: number; kind: string }) =>
  d.id === null ? `${d.interviewerId}-${d.kind}` : String(d.id)

interface PageExtra {
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

const draftPages: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireUser)

  const who = (request: FastifyRequest) => {
    const user = request.user!
    return { id: user.id, person: { name: user.name, email: user.email, timeZone: user.timeZone } }
  }

  /** A malformed id in the path is a page that does not exist, whatever else the form got wrong. */
  const badId = (request: FastifyRequest) => request.validationError?.validationContext === 'params'

  const renderPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    interviewId: number,
    extra: PageExtra = {},
    status = 200,
  ) => {
    const { id, person } = who(request)
    const view = app.drafts.forInterview(id, person, interviewId)
    if (!view) return sendError(request, reply, 404, NOT_FOUND.interview)
    return reply.code(status).page('drafts', {
      title: `Follow-up drafts · ${view.interview.company}`,
      view,
      now: app.clock.now(),
      tones: TONES.map((t) => [t, TONE_LABELS[t]]),
      kindLabels: DRAFT_KIND_LABELS,
      statusLabels: STATUS_LABELS,
      mailtoLimit: MAILTO_LIMIT,
      keyOf,
      draftErrors: extra.draftErrors ?? {},
      draftValues: extra.draftValues ?? {},
      repeat: extra.repeat ?? null,
      coachReview: app.services.coachReviews.forDraftsPage(request.access!, interviewId, view),
    })
  }

  const backTo = (interviewId: number, key: string) => `/interviews/${interviewId}/drafts#draft-${key}`

  const flashFailure = (request: FastifyRequest, reply: FastifyReply, failure: Failure) => {
    if (!failure.draft) return sendError(request, reply, failure.status, failure.message)
    request.session.set('flash', { type: 'error', message: failure.message })
    return reply.redirect(backTo(failure.draft.interviewId, keyOf(failure.draft)), 303)
  }
  const done = (
    request: FastifyRequest,
    reply: FastifyReply,
    type: 'error' | 'info' | 'success',
    message: string,
    to: string,
  ) => {
    request.session.set('flash', { type, message })
    return reply.redirect(to, 303)
  }

  app.get('/interviews/:id/drafts', { schema: { params: IdParams } }, async (request, reply) =>
    renderPage(request, reply, request.params.id),
  )

  app.post(
    '/interviews/:id/interviewers/:interviewerId/plan',
    { schema: { params: InterviewerParams, body: PlanBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NOT_FOUND.interview)
      if (formErrors(request)) return sendError(request, reply, 400, 'Choose one e-mail or two.')
      const { id, person } = who(request)
      const { id: interviewId, interviewerId } = request.params
      if (!app.drafts.choosePlan(id, person, interviewId, interviewerId, request.body.plan)) {
        return sendError(request, reply, 404, NOT_FOUND.interview)
      }
      return reply.redirect(`/interviews/${interviewId}/drafts#interviewer-${interviewerId}`, 303)
    },
  )

  /** Every button of a note's form; `ref` names the note, stored or not. */
  async function act(request: FastifyRequest, reply: FastifyReply, ref: NoteRef) {
    const { id, person } = who(request)
    const current = app.drafts.get(id, person, ref)
    if (!current.ok) return sendError(request, reply, 404, NO_DRAFT)
    const note = current.value
    const key = keyOf(note)
    const errors = formErrors(request)
    if (errors) {
      return renderPage(
        request,
        reply,
        note.interviewId,
        { draftErrors: { [key]: errors }, draftValues: { [key]: formValues(request) } },
        400,
      )
    }
    const body = request.body as Static<typeof NoteBody>
    const text = { subject: body.subject, body: body.body }
    const action = body.action ?? 'save'
    const invalid = (failure: Failure) =>
      renderPage(
        request,
        reply,
        note.interviewId,
        { draftErrors: { [key]: failure.fields ?? {} }, draftValues: { [key]: formValues(request) } },
        400,
      )
    const repeat = (failure: Failure, kind: 'send' | 'mark') =>
      renderPage(
        request,
        reply,
        note.interviewId,
        {
          repeat: {
            key: keyOf(failure.draft ?? note),
            url: request.url,
            message: failure.message,
            action: kind,
            ...text,
          },
        },
        409,
      )

    if (action === 'save') {
      const result = app.drafts.edit(id, person, ref, text)
      if (!result.ok) return result.status === 400 ? invalid(result) : flashFailure(request, reply, result)
      return done(request, reply, 'success', 'Draft saved.', backTo(note.interviewId, keyOf(result.value)))
    }
    if (action === 'regenerate') {
      const tone: Tone = body.tone ?? note.tone
      // Unsaved edits in the editor count as edits: regenerating asks before replacing them.
      const saved = app.drafts.edit(id, person, ref, text)
      if (!saved.ok) return saved.status === 400 ? invalid(saved) : flashFailure(request, reply, saved)
      return regenerate(request, reply, { id: saved.value.id! }, tone, false)
    }
    const confirmRepeat = body.confirm_repeat === 'yes'
    if (action === 'mark') {
      const result = app.drafts.markSent(id, person, ref, { text, confirmRepeat })
      if (!result.ok && result.needsRepeatConfirmation) return repeat(result, 'mark')
      if (!result.ok) return result.status === 400 ? invalid(result) : flashFailure(request, reply, result)
      return done(
        request,
        reply,
        'success',
        `${result.value.label} marked as sent.`,
        backTo(note.interviewId, keyOf(result.value)),
      )
    }
    const commit = body.confirmed === 'yes'
    const result = await app.drafts.send(id, person, ref, { text, confirmRepeat, commit })
    if (!result.ok && result.needsRepeatConfirmation) return repeat(result, 'send')
    if (!result.ok) return result.status === 400 ? invalid(result) : flashFailure(request, reply, result)
    const { draft } = result.value
    if (!commit) {
      // The confirmation step: who it goes to, as whom, and what, before anything goes out.
      return reply.page('draft-send', {
        title: 'Send this note?',
        preview: result.value,
        action: draft.id === null ? '' : `/drafts/${draft.id}`,
        back: backTo(draft.interviewId, keyOf(draft)),
        confirmRepeat,
      })
    }
    const to = result.value.to
    return done(
      request,
      reply,
      'success',
      draft.state === 'sent'
        ? `${draft.label} sent from Debrief to ${to}, with a copy to you.`
        : `${draft.label} to ${to} goes out in ${result.value.undoSeconds} s — you can still undo it below.`,
      backTo(draft.interviewId, keyOf(draft)),
    )
  }

  async function regenerate(
    request: FastifyRequest,
    reply: FastifyReply,
    ref: { id: number },
    tone: Tone,
    confirm: boolean,
  ) {
    const { id, person } = who(request)
    const result = app.drafts.regenerate(id, person, ref, tone, confirm)
    if (!result.ok && result.needsConfirmation && result.draft) {
      // The confirmation is a page of its own, so it works the same without JavaScript.
      return reply.page('draft-regenerate', {
        title: 'Replace your edits?',
        draft: result.draft,
        tone,
        toneLabel: TONE_LABELS[tone],
        kindLabel: DRAFT_KIND_LABELS[result.draft.kind],
      })
    }
    if (!result.ok) return flashFailure(request, reply, result)
    return done(
      request,
      reply,
      'success',
      `Draft regenerated in the ${TONE_LABELS[tone].toLowerCase()} tone.`,
      backTo(result.value.interviewId, keyOf(result.value)),
    )
  }

  app.post(
    '/drafts/:id',
    { schema: { params: IdParams, body: NoteBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      return act(request, reply, { id: request.params.id })
    },
  )

  app.post(
    '/interviews/:id/notes/:interviewerId/:kind',
    { schema: { params: NoteParams, body: NoteBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id: interviewId, interviewerId, kind } = request.params
      return act(request, reply, { interviewId, interviewerId, kind })
    },
  )

  app.post(
    '/drafts/:id/regenerate',
    { schema: { params: IdParams, body: RegenerateBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      if (formErrors(request))
        return sendError(request, reply, 400, 'Choose one of the offered tones.', formErrors(request)!)
      return regenerate(
        request,
        reply,
        { id: request.params.id },
        request.body.tone,
        request.body.confirm === 'yes',
      )
    },
  )

  app.post(
    '/drafts/:id/undo',
    { schema: { params: IdParams, body: CsrfOnly }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const result = app.drafts.undo(id, person, request.params.id)
      if (!result.ok) return flashFailure(request, reply, result)
      return done(
        request,
        reply,
        'info',
        `Not sent: the ${result.value.label.toLowerCase()} stays a draft.`,
        backTo(result.value.interviewId, keyOf(result.value)),
      )
    },
  )

  app.post(
    '/drafts/:id/unmark',
    { schema: { params: IdParams, body: CsrfOnly }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const result = app.drafts.unmarkSent(id, person, request.params.id)
      if (!result.ok) return flashFailure(request, reply, result)
      return done(
        request,
        reply,
        'info',
        `${result.value.label} is a draft again and counts as not sent.`,
        backTo(result.value.interviewId, keyOf(result.value)),
      )
    },
  )

  const eml = async (request: FastifyRequest, reply: FastifyReply, ref: NoteRef) => {
    const { id, person } = who(request)
    const result = await app.drafts.eml(id, person, ref)
    if (!result.ok) return sendError(request, reply, result.status, result.message)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${result.value.filename}"`)
      .send(result.value.content)
  }
  app.get('/drafts/:id.eml', { schema: { params: IdParams } }, async (request, reply) =>
    eml(request, reply, { id: request.params.id }),
  )
  app.get('/drafts/:id/eml', { schema: { params: IdParams } }, async (request, reply) =>
    eml(request, reply, { id: request.params.id }),
  )
  app.get(
    '/interviews/:id/notes/:interviewerId/:kind/eml',
    { schema: { params: NoteParams } },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      return eml(request, reply, { interviewId, interviewerId, kind })
    },
  )
}

export default draftPages
