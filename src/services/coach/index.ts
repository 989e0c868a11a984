import { coachCaseload } from './caseload.js'
import type { CoachDeps } from './deps.js'
import { coachInvitations } from './invitations.js'
import { coachLinks } from './links.js'

export type { CoachDeps } from './deps.js'

/**
 * Coach mode: invitations and consent, who may read whose debrief, the audit of what a coach
 * looked at, and the coach's caseload.
 */
export function coachService(deps: CoachDeps) {
  return {
    invitations: coachInvitations(deps),
    links: coachLinks(deps),
    ...coachCaseload(deps),
  }
}

export type CoachService = ReturnType<typeof coachService>
