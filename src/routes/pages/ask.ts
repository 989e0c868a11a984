import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { checkAskText, LIMITS } from '../../domain/interviewInput.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { ownInterview } from '../ownInterview.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND, showInterview, str } from './interviewPage.js'

const AskForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.askText }),
  _csrf: Type.Optional(Type.String()),
})

// One checkbox per bank entry, so a single pick arrives as a string and several as an array.
const IdText = Type.String({ pattern: '^\\d{1,15}$' })
const PickForm = Type.Object({
  askQuestionId: Type.Optional(Type.Union([IdText, Type.Array(IdText, { maxItems: 200 })])),
  _csrf: Type.Optional(Type.String()),
})

const HeardForm = Type.Object({
  answerHeard: Type.String({ maxLength: LIMITS.answerHeard }),
  _csrf: Type.Optional(Type.String()),
})

/** The bank of questions to ask at /ask, and picking from it on an interview page. */
const askPages: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.askQuestions

  const renderBank = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: { editing?: number; errors?: FieldErrors; values?: Record<string, unknown> } = {},
    status = 200,
  ) =>
    reply.code(status).page('ask', {
      title: 'Questions to ask',
      items: repo.list(request.access!.ownerId),
      limits: { askText: LIMITS.askText },
      editing: form.editing,
      errors: form.errors ?? {},
      values: form.values ?? {},
    })

  app.get('/ask', async (request, reply) => renderBank(request, reply))

  app.post('/ask', { schema: { body: AskForm }, attachValidation: true }, async (request, reply) => {
    const checked = checkAskText(str((request.body as Record<string, unknown> | undefined)?.text) ?? '')
    const errors = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
    if (!checked.ok || Object.keys(errors).length > 0)
      return renderBank(request, reply, { errors, values: formValues(request) }, 400)
    repo.create(request.access!.ownerId, checked.value, app.clock.now())
    request.session.set('flash', { type: 'success', message: 'Question added to your list.' })
    return reply.redirect('/ask')
  })

  app.post(
    '/ask/:id',
    { schema: { params: IdParams, body: AskForm }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      if (!repo.get(user.id, request.params.id)) return sendError(request, reply, 404, NOT_FOUND.ask)
      const checked = checkAskText(str((request.body as Record<string, unknown> | undefined)?.text) ?? '')
      const errors = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
      if (!checked.ok || Object.keys(errors).length > 0)
        return renderBank(
          request,
          reply,
          { editing: request.params.id, errors, values: formValues(request) },
          400,
        )
      repo.update(user.id, request.params.id, checked.value)
      request.session.set('flash', { type: 'success', message: 'Question saved.' })
      return reply.redirect('/ask')
    },
  )

  app.post('/ask/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    if (!repo.remove(request.access!.ownerId, request.params.id))
      return sendError(request, reply, 404, NOT_FOUND.ask)
    request.session.set('flash', {
      type: 'success',
      message: 'Question deleted. Interviews where you asked it keep its wording.',
    })
    return reply.redirect('/ask')
  })

  app.post(
    '/interviews/:id/asked',
    {
      schema: { params: IdParams, body: PickForm },
      attachValidation: true,
      preHandler: ownInterview(app, NOT_FOUND.interview),
    },
    async (request, reply) => {
      const user = request.owner!
      const interviewId = request.params.id
      const errors = formErrors(request)
      const picked = request.body?.askQuestionId
      const ids = (Array.isArray(picked) ? picked : picked ? [picked] : []).map(Number)
      const unknown = ids.some((id) => !repo.get(user.id, id))
      if (errors || ids.length === 0 || unknown) {
        const problem =
          ids.length === 0 && !errors ? 'pick at least one question' : 'must be questions from your list'
        return showInterview(
          app,
          request,
          reply,
          interviewId,
          { ask: { errors: { askQuestionId: problem } } },
          400,
        )
      }
      const now = app.clock.now()
      app.db.transaction(() => {
        for (const id of ids) repo.ask(user.id, interviewId, id, now)
      })()
      return reply.redirect(`/interviews/${interviewId}#ask`)
    },
  )

  app.post(
    '/asked/:id',
    { schema: { params: IdParams, body: HeardForm }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      const asked = repo.getAsked(user.id, request.params.id)
      if (!asked) return sendError(request, reply, 404, NOT_FOUND.ask)
      const errors = formErrors(request)
      if (errors)
        return showInterview(
          app,
          request,
          reply,
          asked.interviewId,
          { ask: { errors, values: formValues(request), heardId: asked.id } },
          400,
        )
      repo.setAnswerHeard(user.id, asked.id, request.body.answerHeard)
      request.session.set('flash', { type: 'success', message: 'Answer noted.' })
      return reply.redirect(`/interviews/${asked.interviewId}#ask`)
    },
  )

  app.post('/asked/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const asked = repo.getAsked(user.id, request.params.id)
    if (!asked || !repo.removeAsked(user.id, asked.id)) return sendError(request, reply, 404, NOT_FOUND.ask)
    return reply.redirect(`/interviews/${asked.interviewId}#ask`)
  })
}

export default askPages
