import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type InterviewerInput, LIMITS } from '../../domain/interviewInput.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { formErrors, formValues } from './forms.js'
import { showInterview, str, viewCommon } from './interviewPage.js'

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
  const service = app.services.interviewers

  const formInput = (request: FastifyRequest): InterviewerInput => {
    const body = (request.body ?? {}) as Record<string, unknown>
    return {
      name: str(body.name) ?? '',
      title: str(body.title),
      email: str(body.email),
      notes: str(body.notes),
      topics: str(body.topics),
    }
  }

  app.post(
    '/interviews/:id/interviewers',
    { schema: { params: IdParams, body: InterviewerForm }, attachValidation: true },
    async (request, reply) => {
      const interviewId = request.params.id
      const created = service.create(request.access!, interviewId, formInput(request), formErrors(request))
      if (!created.ok) {
        if (created.error !== 'invalid') return sendFailure(request, reply, created)
        const interviewer = { errors: created.fields, values: formValues(request) }
        return showInterview(app, request, reply, interviewId, { interviewer }, 400)
      }
      // The form comes back open with its first field focused: most interviews have several people.
      request.session.set('flash', {
        type: 'success',
        message: `Added ${created.value.name}. Add another, or capture the questions.`,
        focus: 'interviewer-name',
      })
      return reply.redirect(`/interviews/${interviewId}#add-interviewer`)
    },
  )

  app.get('/interviewers/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const found = service.withInterview(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    const { interviewer, interview } = found.value
    return reply.page('interviewer-edit', {
      ...viewCommon(app),
      title: `Edit ${interviewer.name}`,
      interviewer,
      interview,
      values: { ...interviewer, topics: interviewer.topics.join(', ') },
    })
  })

  app.post(
    '/interviewers/:id',
    { schema: { params: IdParams, body: InterviewerForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const updated = service.update(access, request.params.id, formInput(request), formErrors(request))
      if (!updated.ok) {
        const found = service.withInterview(access, request.params.id)
        if (updated.error !== 'invalid' || !found.ok) return sendFailure(request, reply, updated)
        const { interviewer, interview } = found.value
        return reply.code(400).page('interviewer-edit', {
          ...viewCommon(app),
          title: `Edit ${interviewer.name}`,
          interviewer,
          interview,
          errors: updated.fields,
          values: formValues(request),
        })
      }
      request.session.set('flash', { type: 'success', message: `Saved ${updated.value.name}.` })
      return reply.redirect(`/interviews/${updated.value.interviewId}#interviewers`)
    },
  )

  app.post('/interviewers/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const removed = service.remove(request.access!, request.params.id)
    if (!removed.ok) return sendFailure(request, reply, removed)
    request.session.set('flash', {
      type: 'success',
      message: `Removed ${removed.value.name}. Questions they asked are kept, no longer attributed to anyone.`,
    })
    return reply.redirect(`/interviews/${removed.value.interviewId}#interviewers`)
  })

  /** Notes sent from outside Debrief can be recorded by hand, so the dashboard's "thanked" count stays true. */
  app.post(
    '/interviewers/:id/sent',
    { schema: { params: IdParams, body: SentForm } },
    async (request, reply) => {
      const { what, sent } = request.body
      const updated = service.markSent(request.access!, request.params.id, what, sent === '1')
      if (!updated.ok) return sendFailure(request, reply, updated)
      return reply.redirect(`/interviews/${updated.value.interviewId}#interviewers`)
    },
  )
}

export default interviewersPages
