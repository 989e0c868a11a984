import { computeInsights, type Insights } from '../domain/insights.js'
import { computeStudyInsights, type StudyInsights, studyInsightsSince } from '../domain/studyInsights.js'
import type { AccessContext } from './access.js'
import type { StoreDeps } from './deps.js'

/** What the owner's history says (follow-up speed, weekly load, topics to study), in the owner's zone. */
export function insightsService({ repos, clock }: StoreDeps) {
  const zoneOf = (access: AccessContext) => repos.users.findById(access.ownerId)?.timeZone ?? 'UTC'

  return {
    read(access: AccessContext): Insights {
      return computeInsights({
        ...repos.insights.rows(access.ownerId),
        now: clock.now(),
        timeZone: zoneOf(access),
      })
    },

    /** How studying the question bank went over the study window. */
    study(access: AccessContext): StudyInsights {
      const now = clock.now()
      const zone = zoneOf(access)
      return computeStudyInsights(
        repos.studyCards.reviewsSince(access.ownerId, studyInsightsSince(now, zone)),
        now,
        zone,
      )
    },
  }
}

export type InsightsService = ReturnType<typeof insightsService>
