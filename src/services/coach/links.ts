import type { LinkedPerson } from '../../db/coachLinks.js'
import type { CoachView } from '../../db/coachViews.js'
import type { User } from '../../db/users.js'
import { type AccessContext, coachAccess, READ_ONLY_MESSAGE } from '../access.js'
import { forbidden, notFound, ok, type ServiceResult } from '../result.js'
import type { CoachDeps } from './deps.js'

export const NOT_LINKED_MESSAGE =
  'No candidate with that id has given you access. Open your caseload (/coach) to see whose debrief you may read.'

const VIEW_LOG_LIMIT = 50

/** Who may read whose debrief, from both sides, and the audit of what coaches looked at. */
export function coachLinks(deps: CoachDeps) {
  const { repos, clock } = deps
  return {
    /** The candidate's coaches, each with access until revoked. */
    coaches: (access: AccessContext): LinkedPerson[] => repos.coachLinks.coachesOf(access.ownerId),

    /** What the candidate's coaches looked at, most recent first. */
    views: (access: AccessContext): CoachView[] => repos.coachViews.recent(access.ownerId, VIEW_LOG_LIMIT),

    /** The candidate ends a coach's access; the coach's next request no longer finds the link. */
    revokeCoach(access: AccessContext, coachId: number): ServiceResult<true> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      return repos.coachLinks.remove(access.ownerId, coachId)
        ? ok(true)
        : notFound('That person is not your coach (any more): there is no access to revoke.')
    },

    /** The actor's own candidates. */
    candidates: (access: AccessContext): LinkedPerson[] => repos.coachLinks.candidatesOf(access.actorId),

    /**
     * The access of a coach reading a candidate's debrief, checked against the link on every
     * request (so a revocation holds from the next one); null when no link exists.
     */
    viewAs(coachId: number, candidateId: number): { access: AccessContext; owner: User } | null {
      if (coachId === candidateId || !repos.coachLinks.exists(candidateId, coachId)) return null
      const owner = repos.users.findById(candidateId)
      return owner ? { access: coachAccess(coachId, candidateId), owner } : null
    },

    /** Choosing a candidate to view: only a linked one. */
    startViewing(access: AccessContext, candidateId: number): ServiceResult<User> {
      const viewing = this.viewAs(access.actorId, candidateId)
      return viewing ? ok(viewing.owner) : notFound(NOT_LINKED_MESSAGE)
    },

    /** The audit row of a coach's read (one per page and hour, counted). */
    recordView(access: AccessContext, what: string): void {
      if (access.role !== 'coach') return
      repos.coachViews.record(access.ownerId, access.actorId, what.slice(0, 200), clock.now())
    },
  }
}
