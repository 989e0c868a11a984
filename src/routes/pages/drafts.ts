import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DRAFT_KIND_LABELS, MAILTO_LIMIT, TONE_LABELS, TONES, type Tone } from '../../domain/drafts.js'
import { STATUS_LABELS } from '../../domain/interview.js'
import type { Failure } from '../../drafts/service.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND } from './interviewPage.js'

const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) })
const EditBody = Type.Object({
  subject: Type.String({ minLength: 1, maxLength: 300 }),
  body: Type.String({ minLength: 1, maxLength: 20_000 }),
  _csrf: Type.Optional(Type.String()),
})
const RegenerateBody = Type.Object({
  tone: Type.Enum([...TONES]),
  confirm: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
})

const NO_DRAFT = 'There is no such draft. It may belong to an interview that was deleted.'

const draftPages: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireUser)

  const who = (request: FastifyRequest) => {
    const user = request.user!
    return { id: user.id, person: { name: user.name, email: user.email } }
  }

  /** A malformed id in the path is a page that does not exist, whatever else the form got wrong. */
  const badId = (request: FastifyRequest) => request.validationError?.validationContext === 'params'

  const renderPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    interviewId: number,
    extra: { draftErrors?: Record<number, FieldErrors>; draftValues?: Record<number, unknown> } = {},
    status = 200,
  ) => {
    const { id, person } = who(request)
    const view = app.drafts.forInterview(id, person, interviewId)
    if (!view) {
      return sendError(request, reply, 404, NOT_FOUND.interview)
    }
    return reply.code(status).page('drafts', {
      title: `Follow-up drafts · ${view.interview.company}`,
      view,
      now: app.clock.now(),
      tones: TONES.map((t) => [t, TONE_LABELS[t]]),
      kindLabels: DRAFT_KIND_LABELS,
      statusLabels: STATUS_LABELS,
      mailtoLimit: MAILTO_LIMIT,
      draftErrors: extra.draftErrors ?? {},
      draftValues: extra.draftValues ?? {},
    })
  }

  const backTo = (interviewId: number, draftId: number) =>
    `/interviews/${interviewId}/drafts#draft-${draftId}`

  const flashFailure = (request: FastifyRequest, reply: FastifyReply, failure: Failure) => {
    if (!failure.draft) return sendError(request, reply, failure.status, failure.message)
    request.session.set('flash', { type: 'error', message: failure.message })
    return reply.redirect(backTo(failure.draft.interviewId, failure.draft.id), 303)
  }

  app.get('/interviews/:id/drafts', { schema: { params: IdParams } }, async (request, reply) =>
    renderPage(request, reply, request.params.id),
  )

  app.post(
    '/drafts/:id',
    { schema: { params: IdParams, body: EditBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const draftId = request.params.id
      const current = app.drafts.get(id, person, draftId)
      if (!current.ok) return sendError(request, reply, 404, NO_DRAFT)
      const errors = formErrors(request)
      const result = errors ? null : app.drafts.edit(id, person, draftId, request.body)
      if (errors || (result && !result.ok && result.status === 400)) {
        const fields = errors ?? (result && !result.ok ? (result.fields ?? {}) : {})
        return renderPage(
          request,
          reply,
          current.value.interviewId,
          { draftErrors: { [draftId]: fields }, draftValues: { [draftId]: formValues(request) } },
          400,
        )
      }
      if (result && !result.ok) return flashFailure(request, reply, result)
      request.session.set('flash', { type: 'success', message: 'Draft saved.' })
      return reply.redirect(backTo(current.value.interviewId, draftId), 303)
    },
  )

  app.post(
    '/drafts/:id/regenerate',
    { schema: { params: IdParams, body: RegenerateBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const draftId = request.params.id
      const errors = formErrors(request)
      if (errors) return sendError(request, reply, 400, 'Choose one of the offered tones.', errors)
      const tone: Tone = request.body.tone
      const result = app.drafts.regenerate(id, person, draftId, tone, request.body.confirm === 'yes')
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
      request.session.set('flash', {
        type: 'success',
        message: `Draft regenerated in the ${TONE_LABELS[tone].toLowerCase()} tone.`,
      })
      return reply.redirect(backTo(result.value.interviewId, draftId), 303)
    },
  )

  app.post(
    '/drafts/:id/send',
    { schema: { params: IdParams, body: CsrfOnly }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const result = await app.drafts.send(id, person, request.params.id)
      if (!result.ok) return flashFailure(request, reply, result)
      request.session.set(
        'flash',
        result.notice
          ? { type: 'info', message: result.notice }
          : {
              type: 'success',
              message: `${result.value.label} sent from Debrief, with a copy to you (Message-ID ${result.value.messageId}).`,
            },
      )
      return reply.redirect(backTo(result.value.interviewId, result.value.id), 303)
    },
  )

  app.post(
    '/drafts/:id/mark-sent',
    { schema: { params: IdParams, body: CsrfOnly }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id, person } = who(request)
      const result = app.drafts.markSent(id, person, request.params.id)
      if (!result.ok) return flashFailure(request, reply, result)
      request.session.set('flash', { type: 'success', message: `${result.value.label} marked as sent.` })
      return reply.redirect(backTo(result.value.interviewId, result.value.id), 303)
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
      request.session.set('flash', {
        type: 'info',
        message: `${result.value.label} is a draft again and counts as not sent.`,
      })
      return reply.redirect(backTo(result.value.interviewId, result.value.id), 303)
    },
  )

  const eml = async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    const { id, person } = who(request)
    const result = await app.drafts.eml(id, person, request.params.id)
    if (!result.ok) return sendError(request, reply, result.status, result.message)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${result.value.filename}"`)
      .send(result.value.content)
  }
  app.get('/drafts/:id.eml', { schema: { params: IdParams } }, eml)
  app.get('/drafts/:id/eml', { schema: { params: IdParams } }, eml)
}

export default draftPages
