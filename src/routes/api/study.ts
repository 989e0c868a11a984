import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, Type } from 'typebox'
import type { StudyCard } from '../../db/studyCards.js'
import { LIMITS } from '../../domain/interviewInput.js'
import { RATING_LABELS, STATE_LABELS, STUDY_RATINGS, type StudyRating } from '../../domain/study.js'
import {
  computeStudyInsights,
  RETENTION_WEEKS,
  STUDY_DAYS_SHOWN,
  STUDY_WINDOW_DAYS,
  studyInsightsSince,
} from '../../domain/studyInsights.js'
import { sendError } from '../../plugins/errors.js'
import { type StudyAccess, type StudyError, studyAccess } from '../../services/study.js'
import { ConfidenceSchema } from './interviewModels.js'
import { answers, byId, ConflictErrors, Instant, iso, isoOrNull, NullableInstant } from './schemas.js'

const Rating = Type.Enum([...STUDY_RATINGS], {
  description: `${STUDY_RATINGS.map((r) => `${r} (${RATING_LABELS[r]})`).join(', ')}: how well you recalled the answer`,
})
const StateSchema = Type.Enum(Object.values(STATE_LABELS), { description: 'The card’s FSRS state' })
const Count = Type.Integer({ minimum: 0 })
const Rate = Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()])

export const StudyCardResponse = Type.Object({
  id: Type.Integer({ description: 'The card’s id, which is its question’s id' }),
  question: Type.String(),
  confidence: ConfidenceSchema,
  topics: Type.Array(Type.String()),
  researchedAnswer: Type.String(),
  sources: Type.Array(Type.String()),
  interviewId: Type.Integer(),
  company: Type.String(),
  role: Type.String(),
  askedAt: Instant,
  inDeck: Type.Boolean({
    description: 'Researched, not excluded, and missed or shaky (or included by hand)',
  }),
  mode: Type.Enum(['auto', 'include', 'exclude']),
  due: Instant,
  state: StateSchema,
  stability: Type.Number(),
  difficulty: Type.Number(),
  reps: Count,
  lapses: Count,
  lastReview: NullableInstant,
})

const DueQuery = Type.Object({
  topic: Type.Optional(Type.String({ maxLength: LIMITS.topic, description: 'Only cards with this tag' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})

const DueResponse = Type.Object({
  items: Type.Array(StudyCardResponse),
  total: Type.Integer({ description: 'Cards due now, beyond the limit too' }),
})

const ReviewBody = Type.Object(
  {
    rating: Rating,
    expectedReps: Type.Optional(
      Type.Integer({
        minimum: 0,
        description:
          'The card’s reps when it was shown; if it was rated since, the review is refused with 409',
      }),
    ),
  },
  { additionalProperties: false },
)

const ReviewResponse = Type.Object({
  rating: Rating,
  card: StudyCardResponse,
  previousDue: Instant,
})

const ModeBody = Type.Object(
  {
    mode: Type.Enum(['auto', 'include', 'exclude'], {
      description:
        'auto: studied while missed or shaky; include: studied whatever the confidence; exclude: never studied',
    }),
  },
  { additionalProperties: false },
)

const StatsResponse = Type.Object({
  perDay: Type.Array(Type.Object({ date: Type.String({ description: 'YYYY-MM-DD' }), count: Count }), {
    description: `Reviews per day over the last ${STUDY_DAYS_SHOWN} days in the user’s zone, oldest first`,
  }),
  retention: Type.Object(
    { remembered: Count, total: Count, rate: Rate },
    { description: `Share of reviews rated good or easy over the last ${STUDY_WINDOW_DAYS} days` },
  ),
  retentionPerWeek: Type.Array(
    Type.Object({
      weekStart: Type.String({ description: 'YYYY-MM-DD, a Monday' }),
      remembered: Count,
      total: Count,
      rate: Rate,
    }),
    {
      description: `Retention per week over the last ${RETENTION_WEEKS} weeks in the user’s zone, oldest first; rate is null for a week without reviews`,
    },
  ),
  lapsingTopics: Type.Array(
    Type.Object({
      topic: Type.String(),
      lapses: Type.Integer({
        minimum: 0,
        description: 'Again on a card in the review state, as FSRS counts lapses',
      }),
      again: Type.Integer({ minimum: 0, description: 'Every again rating, on new and learning cards too' }),
      reviews: Count,
      cards: Count,
    }),
    { description: `Topics whose cards lapsed most over the last ${STUDY_WINDOW_DAYS} days, most first` },
  ),
  ratings: Type.Object(
    Object.fromEntries(STUDY_RATINGS.map((r) => [r, Count])) as Record<StudyRating, typeof Count>,
  ),
})

const cardJson = (c: StudyCard): Static<typeof StudyCardResponse> => ({
  id: c.questionId,
  question: c.text,
  confidence: c.confidence,
  topics: c.topics,
  researchedAnswer: c.researchedAnswer,
  sources: c.sources,
  interviewId: c.interviewId,
  company: c.company,
  role: c.role,
  askedAt: iso(c.askedAt),
  inDeck: c.eligible,
  mode: c.mode,
  due: iso(c.state.due),
  state: STATE_LABELS[c.state.state],
  stability: c.state.stability,
  difficulty: c.state.difficulty,
  reps: c.state.reps,
  lapses: c.state.lapses,
  lastReview: isoOrNull(c.state.lastReview),
})

const STATUS: Record<StudyError['error'], number> = {
  not_found: 404,
  forbidden: 403,
  not_in_deck: 409,
  stale: 409,
}

const studyApi: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['study']
  // "Today" is the studying user's: the owner's own zone when they study their own cards.
  const actorOf = (request: FastifyRequest): StudyAccess =>
    studyAccess(request.access!, request.owner!.timeZone)
  const refuse = (request: FastifyRequest, reply: FastifyReply, error: StudyError) =>
    sendError(request, reply, STATUS[error.error], error.message)

  app.get(
    '/study/due',
    {
      schema: {
        tags,
        description:
          'Cards due now, soonest first. A card is a missed or shaky question with a researched answer ' +
          '(nailed ones only when included); a new card is due from the moment its question was logged.',
        querystring: DueQuery,
        response: answers(200, DueResponse),
      },
    },
    async (request) => {
      const { items, total } = app.study.due(actorOf(request), {
        topic: request.query.topic?.trim() || null,
        limit: request.query.limit ?? 20,
      })
      return { items: items.map(cardJson), total }
    },
  )

  app.get('/study/stats', { schema: { tags, response: answers(200, StatsResponse) } }, async (request) => {
    const actor = actorOf(request)
    const now = app.clock.now()
    return computeStudyInsights(
      app.study.reviewsSince(actor, studyInsightsSince(now, actor.timeZone)),
      now,
      actor.timeZone,
    )
  })

  app.get(
    '/study/cards/:id',
    { schema: byId(tags, { response: answers(200, StudyCardResponse) }) },
    async (request, reply) => {
      const card = app.study.card(actorOf(request), request.params.id)
      if (!card) return sendError(request, reply, 404, 'No question with that id. It may have been deleted.')
      return cardJson(card)
    },
  )

  app.post(
    '/study/cards/:id/reviews',
    {
      schema: byId(tags, {
        description: 'Records a rating; the card is rescheduled by FSRS and the review logged.',
        body: ReviewBody,
        response: answers(201, ReviewResponse, ConflictErrors),
      }),
    },
    async (request, reply) => {
      const { rating: given, expectedReps } = request.body
      const result = app.study.review(actorOf(request), request.params.id, given, expectedReps)
      if (!result.ok) return refuse(request, reply, result)
      const { card, rating, before } = result.value
      return reply.code(201).send({ rating, card: cardJson(card), previousDue: iso(before.due) })
    },
  )

  app.put(
    '/study/cards/:id/mode',
    {
      schema: byId(tags, {
        description: 'Opts a question out of studying, back in, or (a nailed one) in.',
        body: ModeBody,
        response: answers(200, StudyCardResponse),
      }),
    },
    async (request, reply) => {
      const result = app.study.setMode(actorOf(request), request.params.id, request.body.mode)
      if (!result.ok) return refuse(request, reply, result)
      return cardJson(result.value)
    },
  )
}

export default studyApi
