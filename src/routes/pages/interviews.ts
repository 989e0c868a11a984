import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Interview } from '../../db/interviews.js'
import {
  FOLLOW_UP_STATES,
  INTERVIEW_KINDS,
  instantToLocal,
  OUTCOMES,
  STATUS_LABELS,
} from '../../domain/interview.js'
import { type InterviewInput, LIMITS } from '../../domain/interviewInput.js'
import { timeZoneNames } from '../../domain/timeZones.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { formErrors, formValues } from './forms.js'
import { refuseUnconfirmedStop, showInterview, str, viewCommon } from './interviewPage.js'
import { interviewRows } from './interviewRows.js'

const InterviewForm = Type.Object({
  company: Type.String({ minLength: 1, maxLength: LIMITS.company }),
  role: Type.String({ minLength: 1, maxLength: LIMITS.role }),
  kind: Type.Enum([...INTERVIEW_KINDS]),
  startsAt: Type.String({ minLength: 1, maxLength: 40 }),
  endsAt: Type.Optional(Type.String({ maxLength: 40 })),
  durationMinutes: Type.Optional(Type.String({ maxLength: 6 })),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  location: Type.Optional(Type.String({ maxLength: LIMITS.location })),
  jobUrl: Type.Optional(Type.String({ maxLength: LIMITS.url })),
  notes: Type.Optional(Type.String({ maxLength: LIMITS.notes })),
  outcome: Type.Optional(Type.Enum([...OUTCOMES])),
  _csrf: Type.Optional(Type.String()),
})

const FollowUpForm = Type.Object({
  state: Type.Enum([...FOLLOW_UP_STATES]),
  confirm: Type.Optional(Type.Enum(['1'])),
  _csrf: Type.Optional(Type.String()),
})

const STATUS_FILTERS = ['scheduled', 'awaiting_follow_up', 'overdue', 'followed_up', 'closed'] as const
const DAY = '^(\\d{4}-\\d{2}-\\d{2})?$'

// Empty strings are what a GET form sends for "any", so they are accepted everywhere.
const ListQuery = Type.Object({
  status: Type.Optional(Type.Enum(['', ...STATUS_FILTERS])),
  company: Type.Optional(Type.String({ maxLength: LIMITS.company })),
  from: Type.Optional(Type.String({ pattern: DAY })),
  to: Type.Optional(Type.String({ pattern: DAY })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
})

const PER_PAGE = 20

/** The form's strings as domain input; a blank duration means "use the end time". */
function interviewInput(body: Record<string, unknown>): InterviewInput {
  const duration = str(body.durationMinutes)?.trim() ?? ''
  return {
    company: str(body.company) ?? '',
    role: str(body.role) ?? '',
    kind: str(body.kind) ?? '',
    startsAt: str(body.startsAt) ?? '',
    endsAt: str(body.endsAt),
    durationMinutes: duration === '' ? undefined : /^\d+$/.test(duration) ? Number(duration) : Number.NaN,
    timeZone: str(body.timeZone) ?? '',
    location: str(body.location),
    jobUrl: str(body.jobUrl),
    notes: str(body.notes),
    outcome: str(body.outcome),
  }
}

const interviewsPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.interviews

  const renderForm = (
    reply: FastifyReply,
    data: { interview?: Interview | undefined; errors?: FieldErrors; values: Record<string, unknown> },
    status = 200,
  ) =>
    reply.code(status).page('interview-form', {
      ...viewCommon(app),
      title: data.interview ? `Edit ${data.interview.company}` : 'Log an interview',
      zones: timeZoneNames(),
      interview: data.interview,
      action: data.interview ? `/interviews/${data.interview.id}` : '/interviews',
      errors: data.errors ?? {},
      values: data.values,
    })

  const formInput = (request: FastifyRequest) =>
    interviewInput((request.body ?? {}) as Record<string, unknown>)

  app.get('/interviews', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const query = request.query
    const page = query.page ?? 1
    const common = viewCommon(app)
    const { items, total } = service.list(
      request.access!,
      { status: query.status || undefined, company: query.company, from: query.from, to: query.to },
      { limit: PER_PAGE, offset: (page - 1) * PER_PAGE },
    )
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    const link = (n: number) => {
      const params = new URLSearchParams()
      for (const key of ['status', 'company', 'from', 'to'] as const)
        if (query[key]) params.set(key, String(query[key]))
      if (n > 1) params.set('page', String(n))
      const qs = params.toString()
      return qs ? `/interviews?${qs}` : '/interviews'
    }
    return reply.page('interviews', {
      ...common,
      title: 'Interviews',
      items,
      rows: interviewRows(items, common.now, request.owner!.timeZone),
      total,
      filters: {
        status: query.status ?? '',
        company: query.company ?? '',
        from: query.from ?? '',
        to: query.to ?? '',
      },
      statusOptions: [
        ['', 'Any status'],
        ...STATUS_FILTERS.map((s) => [s, s === 'overdue' ? 'Overdue' : STATUS_LABELS[s]]),
      ],
      pager: {
        page,
        pages,
        prev: page > 1 ? link(page - 1) : null,
        next: page < pages ? link(page + 1) : null,
      },
    })
  })

  app.get('/interviews/new', async (request, reply) =>
    renderForm(reply, {
      values: { kind: 'technical', outcome: 'pending', timeZone: request.owner!.timeZone },
    }),
  )

  app.post(
    '/interviews',
    { schema: { body: InterviewForm }, attachValidation: true },
    async (request, reply) => {
      const created = service.create(request.access!, formInput(request), formErrors(request))
      if (!created.ok) {
        if (created.error !== 'invalid') return sendFailure(request, reply, created)
        return renderForm(reply, { errors: created.fields, values: formValues(request) }, 400)
      }
      request.session.set('flash', {
        type: 'success',
        message: 'Interview logged. Add who you met and the questions you were asked.',
      })
      return reply.redirect(`/interviews/${created.value.id}`)
    },
  )

  app.get('/interviews/:id', { schema: { params: IdParams } }, async (request, reply) => {
    return showInterview(app, request, reply, request.params.id)
  })

  app.get('/interviews/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const found = service.get(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    const interview = found.value
    return renderForm(reply, {
      interview,
      values: {
        ...interview,
        startsAt: instantToLocal(interview.startsAt, interview.timeZone),
        endsAt: instantToLocal(interview.endsAt, interview.timeZone),
      },
    })
  })

  app.post(
    '/interviews/:id',
    { schema: { params: IdParams, body: InterviewForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const updated = service.update(access, request.params.id, formInput(request), formErrors(request))
      if (!updated.ok) {
        const interview = service.get(access, request.params.id)
        if (updated.error !== 'invalid' || !interview.ok) return sendFailure(request, reply, updated)
        return renderForm(
          reply,
          { interview: interview.value, errors: updated.fields, values: formValues(request) },
          400,
        )
      }
      request.session.set('flash', { type: 'success', message: 'Interview saved.' })
      return reply.redirect(`/interviews/${updated.value.id}`)
    },
  )

  app.get('/interviews/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const found = service.summary(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    return reply.page('interview-delete', {
      ...viewCommon(app),
      title: `Delete ${found.value.company}?`,
      interview: found.value,
    })
  })

  app.post('/interviews/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const removed = service.remove(request.access!, request.params.id)
    if (!removed.ok) return sendFailure(request, reply, removed)
    request.session.set('flash', {
      type: 'success',
      message: `Deleted the ${removed.value.company} interview with its interviewers, questions and reminders.`,
    })
    return reply.redirect('/interviews')
  })

  app.post(
    '/interviews/:id/follow-up',
    { schema: { params: IdParams, body: FollowUpForm } },
    async (request, reply) => {
      const { state, confirm } = request.body
      if (state === 'done') {
        if (await refuseUnconfirmedStop(app, request, reply, request.params.id, confirm === '1')) return reply
      }
      const updated = service.setFollowUpState(request.access!, request.params.id, state)
      if (!updated.ok) return sendFailure(request, reply, updated)
      const message = {
        done: 'Marked as followed up. Reminders for this interview have stopped.',
        not_needed: 'Marked as needing no follow-up. Reminders for this interview have stopped.',
        open: 'Follow-up reopened.',
      }[request.body.state]
      request.session.set('flash', { type: 'success', message })
      return reply.redirect(`/interviews/${updated.value.id}`)
    },
  )
}

export default interviewsPages
