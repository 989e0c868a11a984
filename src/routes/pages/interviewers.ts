import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Interviewer } from '../../db/interviewers.js'
import type { Interview } from '../../db/interviewSql.js'
import { type InterviewerInput, LIMITS } from '../../domain/interviewInput.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { flashTo, refused, settle } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues } from './forms.js'
import { showInterview, str, viewCommon } from './interviewPage.js'

const InterviewerForm = Type.Object({
  name: Type.String({ minLength: 1, maxLength: LIMITS.personName }),
  title: Type.Optional(Type.String({ maxLength: LIMITS.title })),
  email: Type.Optional(Type.String({ maxLength: LIMITS.email })),
  notes: Type.Optional(Type.String({ maxLength: LIMITS.interviewerNotes })),
  topics: Type.Optional(Type.String({ maxLength: LIMITS.topics * (LIMITS.topic + 2) })),
  ...CSRF_FIELD,
})

const SentForm = Type.Object({
  what: Type.Enum(['thankYou', 'answers']),
  sent: Type.Enum(['1', '0']),
  ...CSRF_FIELD,
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

  /** The edit form of one interviewer: as stored, or as typed with its problems after a refused save. */
  const renderEdit = (
    reply: FastifyReply,
    { interviewer, interview }: { interviewer: Interviewer; interview: Interview },
    form: { errors?: FieldErrors; values: Record<string, unknown> },
    status = 200,
  ) =>
    reply.code(status).page('interviewer-edit', {
      ...viewCommon(app),
      title: `Edit ${interviewer.name}`,
      interviewer,
      interview,
      ...form,
    })

  app.post(
    '/interviews/:id/interviewers',
    { schema: { params: IdParams, body: InterviewerForm }, attachValidation: true },
    async (request, reply) => {
      const interviewId = request.params.id
      const created = service.create(request.access!, interviewId, formInput(request), formErrors(request))
      if (!created.ok)
        return refused(request, reply, created, (errors) =>
          showInterview(
            app,
            request,
            reply,
            interviewId,
            { interviewer: { errors, values: formValues(request) } },
            400,
          ),
        )
      // The form comes back open with its first field focused: most interviews have several people.
      return flashTo(request, reply, `/interviews/${interviewId}#add-interviewer`, {
        type: 'success',
        message: `Added ${created.value.name}. Add another, or capture the questions.`,
        focus: 'interviewer-name',
      })
    },
  )

  app.get('/interviewers/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const found = service.withInterview(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    const { interviewer } = found.value
    return renderEdit(reply, found.value, {
      values: { ...interviewer, topics: interviewer.topics.join(', ') },
    })
  })

  app.post(
    '/interviewers/:id',
    { schema: { params: IdParams, body: InterviewerForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const updated = service.update(access, request.params.id, formInput(request), formErrors(request))
      if (!updated.ok)
        return refused(request, reply, updated, (errors) => {
          const found = service.withInterview(access, request.params.id)
          if (!found.ok) return null
          return renderEdit(reply, found.value, { errors, values: formValues(request) }, 400)
        })
      const saved = updated.value
      return flashTo(request, reply, `/interviews/${saved.interviewId}#interviewers`, `Saved ${saved.name}.`)
    },
  )

  app.post('/interviewers/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    return settle(
      request,
      reply,
      service.remove(request.access!, request.params.id),
      (removed) => `Removed ${removed.name}. Questions they asked are kept, no longer attributed to anyone.`,
      (removed) => `/interviews/${removed.interviewId}#interviewers`,
    )
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
