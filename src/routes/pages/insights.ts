import type { FastifyPluginAsync } from 'fastify'
import { insightCharts, topicHref } from '../../domain/insightCharts.js'
import { computeInsights, durationLabel, percentLabel } from '../../domain/insights.js'
import { KIND_LABELS, OUTCOME_LABELS, OUTCOMES } from '../../domain/interview.js'

const insightsPage: FastifyPluginAsync = async (app) => {
  app.get('/insights', async (request, reply) => {
    const user = request.user!
    const insights = computeInsights({
      ...app.repos.insights.rows(user.id),
      now: app.clock.now(),
      timeZone: user.timeZone,
    })
    return reply.page('insights', {
      title: 'Insights',
      insights,
      charts: insightCharts(insights),
      labels: { kinds: KIND_LABELS, outcomes: OUTCOME_LABELS },
      outcomes: OUTCOMES,
      topicHref,
      durationLabel,
      percentLabel,
    })
  })
}

export default insightsPage
