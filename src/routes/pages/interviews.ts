import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { FOLLOW_UP_STATES, STATUS_LABELS } from '../../domain/interview.js'
import { LIMITS } from '../../domain/interviewInput.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { flashTo, refused, settle } from './formSteps.js'
import { CSRF_FIELD, formErrors } from './forms.js'
import {
  editFormValues,
  type FormState,
  formView,
  InterviewForm,
  NewFormQuery,
  newFormValues,
  parseInterviewForm,
  postedRows,
  rowsToShow,
} from './interviewForm.js'
import { refuseUnconfirmedStop, showInterview, str, viewCommon } from './interviewPage.js'
import { interviewRows } from './interviewRows.js'
import { filtersOf, pager } from './pager.js'

const FollowUpForm = Type.Object({
  state: Type.Enum([...FOLLOW_UP_STATES]),
  confirm: Type.Optional(Type.Enum(['1'])),
  ...CSRF_FIELD,
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
const LIST_FILTERS = ['status', 'company', 'from', 'to'] as const

const interviewsPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.interviews

  const renderForm = (request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) =>
    reply.code(status).page('interview-form', {
      ...viewCommon(app),
      ...formView(app, request.owner!.timeZone, state),
    })

  /** The form's input and every problem found before the service: the schema's, then the zone's. */
  const formInput = (request: FastifyRequest) => {
    const parsed = parseInterviewForm((request.body ?? {}) as Record<string, unknown>)
    return { ...parsed, known: { ...formErrors(request), ...parsed.problems } }
  }

  app.get('/interviews', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const query = request.query
    const page = query.page ?? 1
    const common = viewCommon(app)
    const { items, total } = service.list(
      request.access!,
      { status: query.status || undefined, company: query.company, from: query.from, to: query.to },
      { limit: PER_PAGE, offset: (page - 1) * PER_PAGE },
    )
    return reply.page('interviews', {
      ...common,
      title: 'Interviews',
      items,
      rows: interviewRows(items, common.now, request.owner!.timeZone),
      total,
      filters: filtersOf(query, LIST_FILTERS),
      statusOptions: [
        ['', 'Any status'],
        ...STATUS_FILTERS.map((s) => [s, s === 'overdue' ? 'Overdue' : STATUS_LABELS[s]]),
      ],
      pager: pager('/interviews', query, LIST_FILTERS, { total, perPage: PER_PAGE }),
    })
  })

  app.get('/interviews/new', { schema: { querystring: NewFormQuery } }, async (request, reply) => {
    const preset = request.query.when ?? 'just-finished'
    return renderForm(request, reply, {
      preset,
      values: newFormValues(preset, app.clock.now(), request.owner!.timeZone),
    })
  })

  app.post(
    '/interviews',
    { schema: { body: InterviewForm }, attachValidation: true },
    async (request, reply) => {
      const form = formInput(request)
      const body = (request.body ?? {}) as Record<string, unknown>
      const rows = postedRows(body)
      // "Add another interviewer" without a script: the same form again, with one more row.
      if (str(body.addInterviewer))
        return renderForm(request, reply, { values: form.values, rows: rowsToShow(rows, true) })
      const created = await service.create(request.access!, form.input, form.known, rows)
      if (!created.ok)
        return refused(request, reply, created, (errors) =>
          renderForm(request, reply, { errors, values: form.values, rows: rowsToShow(rows, false) }, 400),
        )
      const logged = created.value
      const people = logged.interviewerCount
      const met = people === 0 ? '' : ` with ${people} interviewer${people === 1 ? '' : 's'}`
      // focus: the element the interview page moves keyboard focus to, the next thing to do there.
      return flashTo(request, reply, `/interviews/${logged.id}`, {
        type: 'success',
        message: `Logged ${logged.company} — ${logged.role}${met}. Now capture the questions.`,
        focus: 'capture-text',
      })
    },
  )

  app.get('/interviews/:id', { schema: { params: IdParams } }, async (request, reply) => {
    return showInterview(app, request, reply, request.params.id)
  })

  app.get('/interviews/:id/edit', { schema: { params: IdParams } }, async (request, reply) => {
    const found = service.get(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    return renderForm(request, reply, { interview: found.value, values: editFormValues(found.value) })
  })

  app.post(
    '/interviews/:id',
    { schema: { params: IdParams, body: InterviewForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const form = formInput(request)
      const updated = service.update(access, request.params.id, form.input, form.known)
      if (!updated.ok)
        return refused(request, reply, updated, (errors) => {
          const interview = service.get(access, request.params.id)
          if (!interview.ok) return null
          return renderForm(request, reply, { interview: interview.value, errors, values: form.values }, 400)
        })
      return flashTo(request, reply, `/interviews/${updated.value.id}`, 'Interview saved.')
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
    return settle(
      request,
      reply,
      service.remove(request.access!, request.params.id),
      (removed) => `Deleted the ${removed.company} interview with its interviewers, questions and reminders.`,
      '/interviews',
    )
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
      const message = {
        done: 'Marked as followed up. Reminders for this interview have stopped.',
        not_needed: 'Marked as needing no follow-up. Reminders for this interview have stopped.',
        open: 'Follow-up reopened.',
      }[state]
      return settle(request, reply, updated, message, (interview) => `/interviews/${interview.id}`)
    },
  )
}

export default interviewsPages
