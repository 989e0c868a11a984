import type { FastifyPluginAsync } from 'fastify'
import { insightCharts, topicHref } from '../../domain/insightCharts.js'
import { computeInsights, durationLabel, percentLabel } from '../../domain/insights.js'
import { KIND_LABELS, OUTCOME_LABELS, OUTCOMES } from '../../domain/interview.js'
import {
  computeStudyInsights,
  STUDY_WINDOW_DAYS,
  studyCharts,
  studyWindowStart,
} from '../../domain/studyInsights.js'

const insightsPage: FastifyPluginAsync = async (app) => {
  app.get('/insights', async (request, reply) => {
    const user = request.owner!
    const now = app.clock.now()
    const insights = computeInsights({
      ...app.repos.insights.rows(user.id),
      now,
      timeZone: user.timeZone,
    })
    const actor = { userId: user.id, timeZone: user.timeZone }
    const study = computeStudyInsights(
      app.study.reviewsSince(actor, studyWindowStart(now, user.timeZone)),
      now,
      user.timeZone,
    )
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
