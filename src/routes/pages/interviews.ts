import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Interview, InterviewFilter } from '../../db/interviews.js'
import {
  FOLLOW_UP_STATES,
  INTERVIEW_KINDS,
  instantToLocal,
  OUTCOMES,
  STATUS_LABELS,
} from '../../domain/interview.js'
import { checkInterview, dayRange, type InterviewInput, LIMITS } from '../../domain/interviewInput.js'
import { timeZoneNames } from '../../domain/timeZones.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND, showInterview, str, viewCommon } from './interviewPage.js'
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
  const repo = app.repos.interviews

  const renderForm = (
    reply: FastifyReply,
    data: { interview?: Interview; errors?: FieldErrors; values: Record<string, unknown> },
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

  /** Schema problems and domain problems together, so every wrong field is flagged on the first try. */
  const check = (request: FastifyRequest) => {
    const body = (request.body ?? {}) as Record<string, unknown>
    const checked = checkInterview(interviewInput(body))
    const errors = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
    return Object.keys(errors).length === 0 && checked.ok
      ? { ok: true as const, value: checked.value }
      : { ok: false as const, errors }
  }

  app.get('/interviews', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const user = request.owner!
    const query = request.query
    const page = query.page ?? 1
    const filter: InterviewFilter = {
      status: query.status || undefined,
      company: query.company?.trim() || undefined,
      ...dayRange(query.from || undefined, query.to || undefined, user.timeZone),
    }
    const common = viewCommon(app)
    const { items, total } = repo.list(
      user.id,
      filter,
      { limit: PER_PAGE, offset: (page - 1) * PER_PAGE },
      common.now,
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
      rows: interviewRows(items, common.now, user.timeZone),
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
      const checked = check(request)
      if (!checked.ok) return renderForm(reply, { errors: checked.errors, values: formValues(request) }, 400)
      const interview = repo.create(request.access!.ownerId, checked.value, app.clock.now())
      request.session.set('flash', {
        type: 'success',
        message: 'Interview logged. Add who you met and the questions you were asked.',
      })
      return reply.redirect(`/interviews/${interview.id}`)
    },
  )

  app.get('/interviews/:id', { schema: { params: IdParams } }, async (request, reply) => {
    return showInterview(app, request, reply, request.params.id)
  })

  app.get('/interviews/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const interview = repo.get(request.access!.ownerId, request.params.id)
    if (!interview) return sendError(request, reply, 404, NOT_FOUND.interview)
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
      const user = request.owner!
      const interview = repo.get(user.id, request.params.id)
      if (!interview) return sendError(request, reply, 404, NOT_FOUND.interview)
      const checked = check(request)
      if (!checked.ok)
        return renderForm(reply, { interview, errors: checked.errors, values: formValues(request) }, 400)
      repo.update(user.id, interview.id, checked.value, app.clock.now())
      request.session.set('flash', { type: 'success', message: 'Interview saved.' })
      return reply.redirect(`/interviews/${interview.id}`)
    },
  )

  app.get('/interviews/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const interview = repo.summary(user.id, request.params.id, app.clock.now())
    if (!interview) return sendError(request, reply, 404, NOT_FOUND.interview)
    return reply.page('interview-delete', {
      ...viewCommon(app),
      title: `Delete ${interview.company}?`,
      interview,
    })
  })

  app.post('/interviews/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const interview = repo.get(user.id, request.params.id)
    if (!interview || !repo.remove(user.id, interview.id))
      return sendError(request, reply, 404, NOT_FOUND.interview)
    request.session.set('flash', {
      type: 'success',
      message: `Deleted the ${interview.company} interview with its interviewers, questions and reminders.`,
    })
    return reply.redirect('/interviews')
  })

  app.post(
    '/interviews/:id/follow-up',
    { schema: { params: IdParams, body: FollowUpForm } },
    async (request, reply) => {
      const updated = repo.setFollowUpState(
        request.access!.ownerId,
        request.params.id,
        request.body.state,
        app.clock.now(),
      )
      if (!updated) return sendError(request, reply, 404, NOT_FOUND.interview)
      const message = {
        done: 'Marked as followed up. Reminders for this interview have stopped.',
        not_needed: 'Marked as needing no follow-up. Reminders for this interview have stopped.',
        open: 'Follow-up reopened.',
      }[request.body.state]
      request.session.set('flash', { type: 'success', message })
      return reply.redirect(`/interviews/${updated.id}`)
    },
  )
}

export default interviewsPages
