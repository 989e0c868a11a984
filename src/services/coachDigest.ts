import type { Clock } from '../clock.js'
import type { CoachDigestSettings, CoachDigestsRepository } from '../db/coachDigests.js'
import { formatClockTime, parseClockTime } from '../domain/reminderPlan.js'
import { type AccessContext, READ_ONLY_MESSAGE } from './access.js'
import { forbidden, invalid, notFound, ok, type ServiceResult } from './result.js'

export interface CoachDigestView {
  enabled: boolean
  /** "HH:MM" in the coach's zone. */
  time: string
  /** When the next digest is planned; null when off or no candidate is linked. */
  nextAt: number | null
}

const OWN_ONLY = 'The daily digest is a setting of your own account.'

/** The coach's own daily digest: whether it goes, and at what time of their day. */
export function coachDigestService(deps: { repos: { coachDigests: CoachDigestsRepository }; clock: Clock }) {
  const repo = deps.repos.coachDigests
  const view = (userId: number, settings: CoachDigestSettings): CoachDigestView => {
    const next = repo.recent(userId, 3).find((n) => n.state === 'pending' || n.state === 'sending')
    return {
      enabled: settings.enabled,
      time: formatClockTime(settings.minute),
      nextAt: settings.enabled && next ? next.dueAt : null,
    }
  }
  return {
    get(access: AccessContext): ServiceResult<CoachDigestView> {
      if (access.role !== 'owner') return notFound(OWN_ONLY)
      return ok(view(access.ownerId, repo.settings(access.ownerId)))
    },

    save(access: AccessContext, input: { enabled: boolean; time: string }): ServiceResult<CoachDigestView> {
      if (!access.mayWrite || access.role !== 'owner') return forbidden(READ_ONLY_MESSAGE)
      const minute = parseClockTime(input.time)
      if (minute === undefined)
        return invalid({ time: 'must be a time such as 08:00' }, 'Pick a time such as 08:00.')
      const settings = { enabled: input.enabled, minute }
      repo.saveSettings(access.ownerId, settings, deps.clock.now())
      return ok(view(access.ownerId, settings))
    },
  }
}

export type CoachDigestService = ReturnType<typeof coachDigestService>
