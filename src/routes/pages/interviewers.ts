import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { checkInterviewer, LIMITS } from '../../domain/interviewInput.js'
import { sendError } from '../../plugins/errors.js'
import { ownInterview } from '../ownInterview.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND, showInterview, str, viewCommon } from './interviewPage.js'

const InterviewerForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: LIMITS.personName }),
  title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  notes: Type.Optional(Type.String({ maxLength: LIMITS.interviewerNotes })),
  topics: Type.Optional(Type.String({ maxLength: LIMITS.topics * (LIMITS.topic + 2) })),
  _csrf: Type.Optional(Type.String()),
})

const SentForm = Type.Object({
  what: Type.Enum(['thankYou', 'answers']),
  sent: Type.Enum(['1', '0']),
  _csrf: Type.Optional(Type.String()),
})

const interviewersPages: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.interviewers

  const check = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const checked = checkInterviewer({
      name: str(body.name) ?? '',
      title: str(body.title),
      email: str(body.email),
      notes: str(body.notes),
      topics: str(body.topics),
    })
    const errors = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
    return checked.ok && Object.keys(errors).length === 0
      ? { ok: true as const, value: checked.value }
      : { ok: false as const, errors }
  }

  app.post(
    '/interviews/:id/interviewers',
    {
      schema: { params: IdParams, body: InterviewerForm },
      attachValidation: true,
      preHandler: ownInterview(app, NOT_FOUND.interview),
    },
    async (request, reply) => {
      const user = request.owner!
      const interviewId = request.params.id
      const checked = check(request)
      if (!checked.ok)
        return showInterview(
          app,
          request,
          reply,
          interviewId,
          {
            interviewer: { errors: checked.errors, values: formValues(request) },
          },
          400,
        )
      const created = repo.create(user.id, interviewId, checked.value, app.clock.now())
      if (!created) return sendError(request, reply, 404, NOT_FOUND.interview)
      request.session.set('flash', { type: 'success', message: `Added ${created.name}.` })
      return reply.redirect(`/interviews/${interviewId}#interviewers`)
    },
  )

  app.get('/interviewers/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const interviewer = repo.get(user.id, request.params.id)
    if (!interviewer) return sendError(request, reply, 404, NOT_FOUND.interviewer)
    return reply.page('interviewer-edit', {
      ...viewCommon(app),
      title: `Edit ${interviewer.name}`,
      interviewer,
      interview: app.repos.interviews.get(user.id, interviewer.interviewId),
      values: { ...interviewer, topics: interviewer.topics.join(', ') },
    })
  })

  app.post(
    '/interviewers/:id',
    { schema: { params: IdParams, body: InterviewerForm }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      const interviewer = repo.get(user.id, request.params.id)
      if (!interviewer) return sendError(request, reply, 404, NOT_FOUND.interviewer)
      const checked = check(request)
      if (!checked.ok)
        return reply.code(400).page('interviewer-edit', {
          ...viewCommon(app),
          title: `Edit ${interviewer.name}`,
          interviewer,
          interview: app.repos.interviews.get(user.id, interviewer.interviewId),
          errors: checked.errors,
          values: formValues(request),
        })
      repo.update(user.id, interviewer.id, checked.value, app.clock.now())
      request.session.set('flash', { type: 'success', message: `Saved ${checked.value.name}.` })
      return reply.redirect(`/interviews/${interviewer.interviewId}#interviewers`)
    },
  )

  app.post('/interviewers/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const interviewer = repo.get(user.id, request.params.id)
    if (!interviewer || !repo.remove(user.id, interviewer.id, app.clock.now()))
      return sendError(request, reply, 404, NOT_FOUND.interviewer)
    request.session.set('flash', {
      type: 'success',
      message: `Removed ${interviewer.name}. Questions they asked are kept, no longer attributed to anyone.`,
    })
    return reply.redirect(`/interviews/${interviewer.interviewId}#interviewers`)
  })

  /** Notes sent from outside Debrief can be recorded by hand, so the dashboard's "thanked" count stays true. */
  app.post(
    '/interviewers/:id/sent',
    { schema: { params: IdParams, body: SentForm } },
    async (request, reply) => {
      const user = request.owner!
      const now = app.clock.now()
      const at = request.body.sent === '1' ? now : null
      const mark = request.body.what === 'thankYou' ? repo.markThankYouSent : repo.markAnswersSent
      const updated = mark(user.id, request.params.id, at, now)
      if (!updated) return sendError(request, reply, 404, NOT_FOUND.interviewer)
      return reply.redirect(`/interviews/${updated.interviewId}#interviewers`)
    },
  )
}

export default interviewersPages
