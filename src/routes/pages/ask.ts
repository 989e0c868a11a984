import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { flashTo, refused, settle } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues } from './forms.js'
import { showInterview, str } from './interviewPage.js'

const AskForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.askText }),
  ...CSRF_FIELD,
})

// One checkbox per bank entry, so a single pick arrives as a string and several as an array.
const IdText = Type.String({ pattern: '^\\d{1,15}$' })
const PickForm = Type.Object({
  askQuestionId: Type.Optional(Type.Union([IdText, Type.Array(IdText, { maxItems: 200 })])),
  ...CSRF_FIELD,
})

const HeardForm = Type.Object({
  answerHeard: Type.String({ maxLength: LIMITS.answerHeard }),
  ...CSRF_FIELD,
})

/** The bank of questions to ask at /ask, and picking from it on an interview page. */
const askPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.askQuestions

  const renderBank = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { editing?: number; errors?: FieldErrors; values?: Record<string, unknown> } = {},
    status = 200,
  ) =>
    reply.code(status).page('ask', {
      title: 'Questions to ask',
      items: service.list(request.access!),
      limits: { askText: LIMITS.askText },
      editing: form.editing,
      errors: form.errors ?? {},
      values: form.values ?? {},
    })

  const textOf = (request: FastifyRequest) =>
    str((request.body as Record<string, unknown> | undefined)?.text) ?? ''

  app.get('/ask', async (request, reply) => renderBank(request, reply))

  app.post('/ask', { schema: { body: AskForm }, attachValidation: true }, async (request, reply) => {
    const created = service.create(request.access!, textOf(request), formErrors(request))
    if (!created.ok)
      return refused(request, reply, created, (errors) =>
        renderBank(request, reply, { errors, values: formValues(request) }, 400),
      )
    return flashTo(request, reply, '/ask', 'Question added to your list.')
  })

  app.post(
    '/ask/:id',
    { schema: { params: IdParams, body: AskForm }, attachValidation: true },
    async (request, reply) => {
      const updated = service.update(request.access!, request.params.id, textOf(request), formErrors(request))
      if (!updated.ok) {
        const editing = request.params.id
        return refused(request, reply, updated, (errors) =>
          renderBank(request, reply, { editing, errors, values: formValues(request) }, 400),
        )
      }
      return flashTo(request, reply, '/ask', 'Question saved.')
    },
  )

  app.post('/ask/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const removed = service.remove(request.access!, request.params.id)
    const message = 'Question deleted. Interviews where you asked it keep its wording.'
    return settle(request, reply, removed, message, '/ask')
  })

  app.post(
    '/interviews/:id/asked',
    { schema: { params: IdParams, body: PickForm }, attachValidation: true },
    async (request, reply) => {
      const interviewId = request.params.id
      const picked = request.body?.askQuestionId
      const ids = (Array.isArray(picked) ? picked : picked ? [picked] : []).map(Number)
      // A malformed pick is reported as one problem of the picker, whatever the schema said about it.
      const known = formErrors(request) ? { askQuestionId: 'must be questions from your list' } : null
      const asked = service.ask(request.access!, interviewId, ids, known)
      if (!asked.ok)
        return refused(request, reply, asked, (errors) =>
          showInterview(app, request, reply, interviewId, { ask: { errors } }, 400),
        )
      return reply.redirect(`/interviews/${interviewId}#ask`)
    },
  )

  app.post(
    '/asked/:id',
    { schema: { params: IdParams, body: HeardForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const updated = service.setAnswerHeard(
        access,
        request.params.id,
        request.body?.answerHeard ?? '',
        formErrors(request),
      )
      if (!updated.ok)
        return refused(request, reply, updated, (errors) => {
          const asked = service.getAsked(access, request.params.id)
          if (!asked.ok) return null
          const ask = { errors, values: formValues(request), heardId: asked.value.id }
          return showInterview(app, request, reply, asked.value.interviewId, { ask }, 400)
        })
      return flashTo(request, reply, `/interviews/${updated.value.interviewId}#ask`, 'Answer noted.')
    },
  )

  app.post('/asked/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const removed = service.removeAsked(request.access!, request.params.id)
    if (!removed.ok) return sendFailure(request, reply, removed)
    return reply.redirect(`/interviews/${removed.value.interviewId}#ask`)
  })
}

export default askPages
