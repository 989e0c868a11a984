import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Question } from '../../db/questions.js'
import { CONFIDENCES } from '../../domain/interview.js'
import { checkQuestion, LIMITS, type Problems } from '../../domain/interviewInput.js'
import { needsResearch } from '../../domain/progress.js'
import { ftsQuery, markedToHtml } from '../../domain/search.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { ownInterview } from '../ownInterview.js'
import { formErrors, formValues } from './forms.js'
import { IdParams, NOT_FOUND, showInterview, str, viewCommon } from './interviewPage.js'

const TOPICS_MAX = LIMITS.topics * (LIMITS.topic + 2)

const CaptureForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.questionText }),
  confidence: Type.Enum([...CONFIDENCES]),
  topics: Type.Optional(Type.String({ maxLength: TOPICS_MAX })),
  _csrf: Type.Optional(Type.String()),
})

const ResearchForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.questionText }),
  confidence: Type.Enum([...CONFIDENCES]),
  topics: Type.Optional(Type.String({ maxLength: TOPICS_MAX })),
  myAnswer: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  researchedAnswer: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  sources: Type.Optional(Type.String({ maxLength: LIMITS.sources * (LIMITS.url + 2) })),
  researched: Type.Optional(Type.Enum(['1'])),
  includeInFollowUp: Type.Optional(Type.Enum(['1'])),
  interviewerId: Type.Optional(Type.String({ pattern: '^\\d{0,15}$' })),
  _csrf: Type.Optional(Type.String()),
})

const BankQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  confidence: Type.Optional(Type.Enum(['', ...CONFIDENCES])),
  topic: Type.Optional(Type.String({ maxLength: LIMITS.topic })),
  researched: Type.Optional(Type.Enum(['', 'yes', 'no'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
})

const PER_PAGE = 25

const questionsPages: FastifyPluginAsyncTypebox = async (app) => {
  const repo = app.repos.questions

  const renderResearch = (
    request: FastifyRequest,
    reply: FastifyReply,
    question: Question,
    form: { errors?: FieldErrors; values?: Record<string, unknown> } = {},
    status = 200,
  ) => {
    const user = request.owner!
    const interview = app.repos.interviews.get(user.id, question.interviewId)!
    const interviewers = app.repos.interviewers.listForInterview(user.id, question.interviewId)
    return reply.code(status).page('question', {
      ...viewCommon(app),
      title: 'Research a question',
      question,
      interview,
      onResearchList: needsResearch(question.confidence),
      interviewerOptions: [['', 'Not recorded'], ...interviewers.map((p) => [String(p.id), p.name])],
      errors: form.errors ?? {},
      values: form.values ?? {
        ...question,
        topics: question.topics.join(', '),
        sources: question.sources.join('\n'),
        interviewerId: question.interviewerId === null ? '' : String(question.interviewerId),
      },
    })
  }

  app.post(
    '/interviews/:id/questions',
    {
      schema: { params: IdParams, body: CaptureForm },
      attachValidation: true,
      preHandler: ownInterview(app, NOT_FOUND.interview),
    },
    async (request, reply) => {
      const user = request.owner!
      const interviewId = request.params.id
      const body = (request.body ?? {}) as Record<string, unknown>
      const checked = checkQuestion({
        text: str(body.text) ?? '',
        confidence: str(body.confidence) ?? '',
        topics: str(body.topics),
      })
      const errors = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
      if (!checked.ok || Object.keys(errors).length > 0)
        return showInterview(
          app,
          request,
          reply,
          interviewId,
          { capture: { errors, values: formValues(request) } },
          400,
        )
      repo.create(user.id, interviewId, checked.value, app.clock.now())
      request.session.set('flash', { type: 'success', message: 'Question saved. Capture the next one.' })
      return reply.redirect(`/interviews/${interviewId}#capture`)
    },
  )

  app.get('/questions', { schema: { querystring: BankQuery } }, async (request, reply) => {
    const user = request.owner!
    const query = request.query
    const page = query.page ?? 1
    const { items, total } = repo.search(
      user.id,
      {
        match: ftsQuery(query.q ?? ''),
        confidence: query.confidence || undefined,
        topic: query.topic?.trim() || undefined,
        researched: query.researched ? query.researched === 'yes' : undefined,
      },
      { limit: PER_PAGE, offset: (page - 1) * PER_PAGE },
    )
    const pages = Math.max(1, Math.ceil(total / PER_PAGE))
    const link = (n: number) => {
      const params = new URLSearchParams()
      for (const key of ['q', 'confidence', 'topic', 'researched'] as const)
        if (query[key]) params.set(key, query[key])
      if (n > 1) params.set('page', String(n))
      const qs = params.toString()
      return qs ? `/questions?${qs}` : '/questions'
    }
    return reply.page('questions', {
      ...viewCommon(app),
      title: 'Question bank',
      // Escaped here, then only <mark> pairs added: the view prints these two fields raw.
      items: items.map((hit) => ({
        ...hit,
        textHtml: hit.textMarked === null ? null : markedToHtml(hit.textMarked),
        snippetHtml: hit.snippetMarked === null ? null : markedToHtml(hit.snippetMarked),
      })),
      total,
      topics: repo.topics(user.id),
      filters: {
        q: query.q ?? '',
        confidence: query.confidence ?? '',
        topic: query.topic ?? '',
        researched: query.researched ?? '',
      },
      pager: {
        page,
        pages,
        prev: page > 1 ? link(page - 1) : null,
        next: page < pages ? link(page + 1) : null,
      },
    })
  })

  app.get('/questions/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const question = repo.get(request.access!.ownerId, request.params.id)
    if (!question) return sendError(request, reply, 404, NOT_FOUND.question)
    return renderResearch(request, reply, question)
  })

  app.post(
    '/questions/:id',
    { schema: { params: IdParams, body: ResearchForm }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      const question = repo.get(user.id, request.params.id)
      if (!question) return sendError(request, reply, 404, NOT_FOUND.question)
      const body = (request.body ?? {}) as Record<string, unknown>
      const interviewerText = str(body.interviewerId) ?? ''
      const interviewerId = /^\d{1,15}$/.test(interviewerText) ? Number(interviewerText) : null
      const checked = checkQuestion({
        text: str(body.text) ?? '',
        confidence: str(body.confidence) ?? '',
        topics: str(body.topics),
        myAnswer: str(body.myAnswer),
        researchedAnswer: str(body.researchedAnswer),
        sources: str(body.sources),
        researched: body.researched === '1',
        includeInFollowUp: body.includeInFollowUp === '1',
        interviewerId,
      })
      const errors: Problems = { ...(checked.ok ? {} : checked.problems), ...formErrors(request) }
      if (
        interviewerId !== null &&
        app.repos.interviewers.get(user.id, interviewerId)?.interviewId !== question.interviewId
      )
        errors.interviewerId = 'must be one of the interviewers of this interview'
      if (!checked.ok || Object.keys(errors).length > 0)
        return renderResearch(request, reply, question, { errors, values: formValues(request) }, 400)
      repo.update(user.id, question.id, checked.value, app.clock.now())
      request.session.set('flash', { type: 'success', message: 'Research saved.' })
      return reply.redirect(`/interviews/${question.interviewId}#questions`)
    },
  )

  app.post('/questions/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const question = repo.get(user.id, request.params.id)
    if (!question || !repo.remove(user.id, question.id))
      return sendError(request, reply, 404, NOT_FOUND.question)
    request.session.set('flash', { type: 'success', message: 'Question deleted.' })
    return reply.redirect(`/interviews/${question.interviewId}#questions`)
  })
}

export default questionsPages
