import type { FastifyPluginAsync } from 'fastify'
import { insightCharts, topicHref } from '../../domain/insightCharts.js'
import { durationLabel, percentLabel } from '../../domain/insights.js'
import { KIND_LABELS, OUTCOME_LABELS, OUTCOMES } from '../../domain/interview.js'
import { STUDY_WINDOW_DAYS, studyCharts } from '../../domain/studyInsights.js'

const insightsPage: FastifyPluginAsync = async (app) => {
  app.get('/insights', async (request, reply) => {
    const insights = app.services.insights.read(request.access!)
    const study = app.services.insights.study(request.access!)
    return reply.page('insights', {
      title: 'Insights',
      insights,
      charts: insightCharts(insights),
      labels: { kinds: KIND_LABELS, outcomes: OUTCOME_LABELS },
      outcomes: OUTCOMES,
      topicHref,
      durationLabel,
      percentLabel,
      study,
      studyCharts: studyCharts(study),
      studyWindowDays: STUDY_WINDOW_DAYS,
    })
  })
}

export default insightsPage
