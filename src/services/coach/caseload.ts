import type { DigestRequest } from '../../db/coachDigestRows.js'
import { followUpDeadline } from '../../domain/interview.js'
import type { AccessContext } from '../access.js'
import type { CoachDeps } from './deps.js'

/** The window the caseload's on-time rate is taken over. */
export const RATE_WINDOW_MS = 30 * 24 * 60 * 60 * 1000

export interface CaseloadDeadline {
  interviewId: number
  company: string
  role: string
  deadline: number
}

export interface CaseloadEntry {
  candidateId: number
  name: string
  email: string
  timeZone: string
  linkedAt: number
  /** Open follow-ups still inside their 24 hours, soonest deadline first. */
  deadlines: CaseloadDeadline[]
  overdue: number
  /** Follow-ups done on time over those done in the last 30 days plus the overdue ones; null when none count. */
  onTimeRate: number | null
  /** The latest finished follow-up or ended interview; null for a candidate with neither. */
  lastActivityAt: number | null
}

/**
 * Most urgent first: the soonest open deadline, then the most overdue notes, then by name.
 * The whole caseload is two statements, however many candidates the coach has.
 */
export function coachCaseload(deps: CoachDeps) {
  const { repos, clock } = deps
  return {
    /** What the coach's candidates asked them to review and is not sent yet, oldest first. */
    reviewRequests(access: AccessContext): DigestRequest[] {
      return repos.coachDigests.openRequests(access.actorId)
    },

    caseload(access: AccessContext): CaseloadEntry[] {
      const now = clock.now()
      const rows = repos.coachLinks.caseload(access.actorId, now, now - RATE_WINDOW_MS)
      const byCandidate = new Map<number, CaseloadDeadline[]>()
      for (const f of repos.coachLinks.followUps(access.actorId, now)) {
        const list = byCandidate.get(f.candidateId) ?? []
        list.push({
          interviewId: f.interviewId,
          company: f.company,
          role: f.role,
          deadline: followUpDeadline(f.endsAt),
        })
        byCandidate.set(f.candidateId, list)
      }
      const entries = rows.map((r): CaseloadEntry => {
        const counted = r.finished + r.overdue
        const last = Math.max(r.lastFinishedAt ?? -1, r.lastEndedAt ?? -1)
        return {
          candidateId: r.userId,
          name: r.name,
          email: r.email,
          timeZone: r.timeZone,
          linkedAt: r.linkedAt,
          deadlines: byCandidate.get(r.userId) ?? [],
          overdue: r.overdue,
          onTimeRate: counted === 0 ? null : r.finishedOnTime / counted,
          lastActivityAt: last < 0 ? null : last,
        }
      })
      const soonest = (e: CaseloadEntry) => e.deadlines[0]?.deadline ?? Number.POSITIVE_INFINITY
      return entries.sort(
        (a, b) =>
          soonest(a) - soonest(b) ||
          b.overdue - a.overdue ||
          a.name.localeCompare(b.name) ||
          a.candidateId - b.candidateId,
      )
    },
  }
}
