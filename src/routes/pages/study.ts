import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { LIMITS } from '../../domain/interviewInput.js'
import { intervalLabel, RATING_LABELS, STATE_LABELS, STUDY_RATINGS } from '../../domain/study.js'
import { sendError } from '../../plugins/errors.js'
import { type StudyAccess, type StudyError, studyAccess } from '../../services/study.js'
import { flashTo } from './formSteps.js'
import { CSRF_FIELD } from './forms.js'
import { CONFIDENCE_LABELS, IdParams } from './interviewPage.js'

const Topic = Type.String({ maxLength: LIMITS.topic })

const StudyQuery = Type.Object({ topic: Type.Optional(Topic) })

const ReviewForm = Type.Object({
  rating: Type.Union(STUDY_RATINGS.map((r) => Type.Literal(r))),
  reps: Type.Optional(Type.String({ pattern: '^\\d{1,9}$' })),
  topic: Type.Optional(Topic),
  ...CSRF_FIELD,
})

const ModeForm = Type.Object({
  mode: Type.Union([Type.Literal('auto'), Type.Literal('include'), Type.Literal('exclude')]),
  topic: Type.Optional(Topic),
  ...CSRF_FIELD,
})

const MODE_MESSAGES = {
  auto: 'The question is back in your study deck.',
  include: 'The question is now in your study deck.',
  exclude: 'You will not study this question. Include it again below whenever you like.',
} as const

const studyUrl = (topic: string | undefined) =>
  topic ? `/study?topic=${encodeURIComponent(topic)}` : '/study'

/** /study: one card at a time — question, recall, reveal the researched answer, rate it. */
const studyPages: FastifyPluginAsyncTypebox = async (app) => {
  // "Today" is the studying user's: the owner's own zone when they study their own cards.
  const actorOf = (request: FastifyRequest): StudyAccess =>
    studyAccess(request.access!, request.owner!.timeZone)

  const refuse = (request: FastifyRequest, reply: FastifyReply, error: StudyError, topic?: string) => {
    if (error.error === 'not_found') return sendError(request, reply, 404, error.message)
    if (error.error === 'forbidden') return sendError(request, reply, 403, error.message)
    const flash = { type: error.error === 'stale' ? 'info' : 'error', message: error.message } as const
    return flashTo(request, reply, studyUrl(topic), flash, 303)
  }

  app.get('/study', { schema: { querystring: StudyQuery } }, async (request, reply) => {
    const actor = actorOf(request)
    const topic = request.query.topic?.trim() || undefined
    const session = app.study.session(actor, topic ?? null)
    const now = app.clock.now()
    return reply.page('study', {
      title: 'Study',
      session,
      topic,
      now,
      outside: app.study.outside(actor),
      ratings: STUDY_RATINGS.map((r, i) => ({
        value: r,
        label: RATING_LABELS[r],
        key: String(i + 1),
        after: session.preview ? intervalLabel(session.preview[r], now) : '',
      })),
      ratingLabels: RATING_LABELS,
      stateLabels: STATE_LABELS,
      confidenceLabels: CONFIDENCE_LABELS,
      intervalLabel,
    })
  })

  app.post(
    '/study/cards/:id/review',
    { schema: { params: IdParams, body: ReviewForm } },
    async (request, reply) => {
      const { rating, reps, topic } = request.body
      const result = app.study.review(
        actorOf(request),
        request.params.id,
        rating,
        reps === undefined ? undefined : Number(reps),
      )
      if (!result.ok) return refuse(request, reply, result, topic)
      return reply.redirect(studyUrl(topic), 303)
    },
  )

  app.post(
    '/study/cards/:id/mode',
    { schema: { params: IdParams, body: ModeForm } },
    async (request, reply) => {
      const { mode, topic } = request.body
      const result = app.study.setMode(actorOf(request), request.params.id, mode)
      if (!result.ok) return refuse(request, reply, result, topic)
      return flashTo(request, reply, studyUrl(topic), MODE_MESSAGES[mode], 303)
    },
  )
}

export default studyPages
