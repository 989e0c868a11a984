import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { computeInsights } from '../../domain/insights.js'
import { INTERVIEW_KINDS, OUTCOMES } from '../../domain/interview.js'
import { ErrorResponse } from './schemas.js'

const Count = Type.Integer({ minimum: 0 })
const Delay = Type.Object({
  medianMs: Type.Union([Type.Number(), Type.Null()], {
    description: 'Median milliseconds from the end of the interview; null without any note sent',
  }),
  count: Count,
})

export const InsightsResponse = Type.Object({
  interviewCount: Count,
  questionCount: Count,
  followUp: Type.Object(
    {
      onTime: Count,
      late: Count,
      counted: Count,
      rate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
    },
    {
      description:
        'Counted: follow-ups marked done (with a completion time) and open ones past their deadline; ' +
        '"not_needed" and open ones within their 24 hours are left out. On time: done at or before the deadline.',
    },
  ),
  thankYou: Delay,
  answers: Delay,
  weekly: Type.Array(
    Type.Object({ weekStart: Type.String({ description: 'Monday, YYYY-MM-DD' }), count: Count }),
    {
      description: 'Interviews by start over the last 12 weeks in the user’s zone, oldest first',
    },
  ),
  studyList: Type.Array(
    Type.Object({ topic: Type.String(), missed: Count, shaky: Count, researched: Count }),
    { description: 'Topics of missed and shaky questions, most urgent first' },
  ),
  untaggedWeak: Count,
  outcomesByKind: Type.Array(
    Type.Object({
      kind: Type.Enum([...INTERVIEW_KINDS]),
      total: Count,
      counts: Type.Object(
        Object.fromEntries(OUTCOMES.map((o) => [o, Count])) as Record<
          (typeof OUTCOMES)[number],
          typeof Count
        >,
      ),
    }),
  ),
})

const insights: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/insights',
    { schema: { tags: ['insights'], response: { 200: InsightsResponse, 401: ErrorResponse } } },
    async (request) => {
      const user = request.owner!
      return computeInsights({
        ...app.repos.insights.rows(user.id),
        now: app.clock.now(),
        timeZone: user.timeZone,
      })
    },
  )
}

export default insights
