import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { CONFIDENCES, followUpDeadline, interviewStatus } from '../../domain/interview.js'
import { LIMITS } from '../../domain/interviewInput.js'
import { needsResearch, type ResearchStep } from '../../domain/progress.js'
import { markedToHtml } from '../../domain/search.js'
import type { ResearchView } from '../../services/research.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { captureErrors, captureFragment, wantsFragment } from './captureFragment.js'
import { flashTo, refused, settle } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues } from './forms.js'
import { CAPTURE_FIELDS, showInterview, str, viewCommon } from './interviewPage.js'
import { filtersOf, pager } from './pager.js'

const TOPICS_MAX = LIMITS.topics * (LIMITS.topic + 2)

const CaptureForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.questionText }),
  confidence: Type.Enum([...CONFIDENCES]),
  topics: Type.Optional(Type.String({ maxLength: TOPICS_MAX })),
  ...CSRF_FIELD,
})

const ResearchForm = Type.Object({
  text: Type.String({ minLength: 1, maxLength: LIMITS.questionText }),
  confidence: Type.Enum([...CONFIDENCES]),
  topics: Type.Optional(Type.String({ maxLength: TOPICS_MAX })),
  myAnswer: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  researchedAnswer: Type.Optional(Type.String({ maxLength: LIMITS.answer })),
  sources: Type.Optional(Type.String({ maxLength: LIMITS.sources * (LIMITS.url + 2) })),
  // Ignored: research is done exactly when there is a researched answer (a form from before
  // that rule may still send its checkbox).
  researched: Type.Optional(Type.String({ maxLength: 10 })),
  includeInFollowUp: Type.Optional(Type.Enum(['1'])),
  interviewerId: Type.Optional(Type.String({ pattern: '^\\d{0,15}$' })),
  ...CSRF_FIELD,
})

const UseForm = Type.Object({ ...ResearchForm.properties, use: Type.String({ pattern: '^\\d{1,15}$' }) })

const BankQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  confidence: Type.Optional(Type.Enum(['', ...CONFIDENCES])),
  topic: Type.Optional(Type.String({ maxLength: LIMITS.topic })),
  researched: Type.Optional(Type.Enum(['', 'yes', 'no'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
})

const PER_PAGE = 25
const BANK_FILTERS = ['q', 'confidence', 'topic', 'researched'] as const

const EXCERPT_CHARS = 240

/** The start of a researched answer, on one line, cut at a word. */
function excerpt(answer: string): string {
  const line = answer.replace(/\s+/g, ' ').trim()
  if (line.length <= EXCERPT_CHARS) return line
  const cut = line.slice(0, EXCERPT_CHARS)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_CHARS / 2))}…`
}

/**
 * After "Save research": on to the next question still to research, its answer field in focus;
 * when none is left, to the interview, where the next step (sending the notes) is in focus.
 */
function afterSave(step: ResearchStep & { interviewId: number }): {
  flash: { type: 'success'; message: string; focus?: string }
  to: string
} {
  if (step.nextId !== null)
    return {
      flash: { type: 'success', message: `Research saved — ${step.left} left.`, focus: 'f-researchedAnswer' },
      to: `/questions/${step.nextId}`,
    }
  if (step.left > 0)
    return {
      flash: { type: 'success', message: `Research saved — ${step.left} left.` },
      to: `/interviews/${step.interviewId}#questions`,
    }
  const message =
    step.total === 0
      ? 'Saved. Next: send your notes.'
      : `All ${step.total} question${step.total === 1 ? '' : 's'} researched. Next: send your notes.`
  return { flash: { type: 'success', message, focus: 'next-step' }, to: `/interviews/${step.interviewId}` }
}

const questionsPages: FastifyPluginAsyncTypebox = async (app) => {
  const { questions, research } = app.services

  const renderResearch = (
    reply: FastifyReply,
    { question, interview, interviewers, progress, similar }: ResearchView,
    form: { errors?: FieldErrors; values?: Record<string, unknown>; reusedFrom?: string } = {},
    status = 200,
  ) =>
    reply.code(status).page('question', {
      ...viewCommon(app),
      title: needsResearch(question.confidence) ? 'Research a question' : 'Notes on a question',
      question,
      // The deadline bar counts down only while the follow-up is owed.
      interview: { ...interview, status: interviewStatus(interview, app.clock.now()) },
      deadline: followUpDeadline(interview.endsAt),
      onResearchList: needsResearch(question.confidence),
      progress: progress.total === 0 ? null : `${progress.done}/${progress.total} researched`,
      similar: similar.map((s) => ({ ...s, excerpt: excerpt(s.researchedAnswer) })),
      reusedFrom: form.reusedFrom ?? null,
      interviewerOptions: [['', 'Not recorded'], ...interviewers.map((p) => [String(p.id), p.name])],
      errors: form.errors ?? {},
      values: form.values ?? {
        ...question,
        topics: question.topics.join(', '),
        sources: question.sources.join('\n'),
        interviewerId: question.interviewerId === null ? '' : String(question.interviewerId),
      },
    })

  app.post(
    '/interviews/:id/questions',
    { schema: { params: IdParams, body: CaptureForm }, attachValidation: true },
    async (request, reply) => {
      const interviewId = request.params.id
      const body = (request.body ?? {}) as Record<string, unknown>
      const input = {
        text: str(body.text) ?? '',
        confidence: str(body.confidence) ?? '',
        topics: str(body.topics),
      }
      const created = questions.create(request.access!, interviewId, input, formErrors(request))
      const fragment = wantsFragment(request)
      if (!created.ok)
        return refused(request, reply, created, (errors) =>
          fragment
            ? reply.code(400).send({ errors: captureErrors(errors) })
            : showInterview(
                app,
                request,
                reply,
                interviewId,
                { capture: { errors, values: formValues(request) } },
                400,
              ),
        )
      if (fragment) {
        const saved = await captureFragment(app, request.access!, interviewId, created.value.id)
        if (saved) return reply.send(saved)
      }
      const page = app.services.interviews.page(request.access!, interviewId)
      const count = page.ok ? page.value.questions.length : 1
      return flashTo(request, reply, `/interviews/${interviewId}#capture`, {
        type: 'success',
        message: `Question saved (${count}). Capture the next one.`,
        focus: CAPTURE_FIELDS.text.id,
      })
    },
  )

  app.get('/questions', { schema: { querystring: BankQuery } }, async (request, reply) => {
    const query = request.query
    const page = query.page ?? 1
    const { items, total } = questions.search(
      request.access!,
      {
        q: query.q,
        confidence: query.confidence || undefined,
        topic: query.topic,
        researched: query.researched ? query.researched === 'yes' : undefined,
      },
      { limit: PER_PAGE, offset: (page - 1) * PER_PAGE },
    )
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
      topics: questions.topics(request.access!),
      filters: filtersOf(query, BANK_FILTERS),
      pager: pager('/questions', query, BANK_FILTERS, { total, perPage: PER_PAGE }),
    })
  })

  app.get('/questions/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const found = research.view(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    return renderResearch(reply, found.value)
  })

  app.post(
    '/questions/:id',
    { schema: { params: IdParams, body: ResearchForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const body = (request.body ?? {}) as Record<string, unknown>
      const interviewerText = str(body.interviewerId) ?? ''
      const saved = research.save(
        access,
        request.params.id,
        {
          text: str(body.text) ?? '',
          confidence: str(body.confidence) ?? '',
          topics: str(body.topics),
          myAnswer: str(body.myAnswer),
          researchedAnswer: str(body.researchedAnswer),
          sources: str(body.sources),
          includeInFollowUp: body.includeInFollowUp === '1',
          interviewerId: /^\d{1,15}$/.test(interviewerText) ? Number(interviewerText) : null,
        },
        formErrors(request),
      )
      if (!saved.ok)
        return refused(request, reply, saved, (errors) => {
          const found = research.view(access, request.params.id)
          return found.ok
            ? renderResearch(reply, found.value, { errors, values: formValues(request) }, 400)
            : null
        })
      const step = research.step(access, saved.value.id)
      if (!step.ok) return sendFailure(request, reply, step)
      const { flash, to } = afterSave(step.value)
      return flashTo(request, reply, to, flash)
    },
  )

  // "Use this answer" without JavaScript: the form comes back as it was typed, with the other
  // question's researched answer and sources filled in; nothing is saved until "Save research".
  app.post(
    '/questions/:id/use',
    { schema: { params: IdParams, body: UseForm }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const found = research.view(access, request.params.id)
      if (!found.ok) return sendFailure(request, reply, found)
      const body = (request.body ?? {}) as Record<string, unknown>
      const fromId = /^\d{1,15}$/.test(str(body.use) ?? '') ? Number(body.use) : 0
      const from = research.reusable(access, fromId)
      if (!from.ok) return sendFailure(request, reply, from)
      const values = {
        ...formValues(request),
        researchedAnswer: from.value.researchedAnswer,
        sources: from.value.sources.join('\n'),
      }
      return renderResearch(reply, found.value, { values, reusedFrom: from.value.text })
    },
  )

  app.post('/questions/:id/delete', { schema: { params: IdParams } }, async (request, reply) => {
    const removed = questions.remove(request.access!, request.params.id)
    return settle(
      request,
      reply,
      removed,
      'Question deleted.',
      (q) => `/interviews/${q.interviewId}#questions`,
    )
  })
}

export default questionsPages
