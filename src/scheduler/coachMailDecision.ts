import type { ClaimedCoachMail, CoachDigestsRepository, DigestItems } from '../db/coachDigests.js'
import type { ReviewRequestNotice } from '../db/coachReviews.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import { digestSize } from './coachDigestContent.js'

/** The digest lists follow-ups due within this much of its sending... */
export const DIGEST_SOON_MS = 12 * 3_600_000
/** ...and those overdue by at most this much (older ones it has named for a week already). */
export const DIGEST_OVERDUE_MS = 7 * 24 * 3_600_000

export interface CoachRecipient {
  name: string
  timeZone: string
  /** Where the coach's e-mail reminders go (their reminder settings' address or the account's). */
  address: string
  /** Whether the daily digest is on. */
  enabled: boolean
}

/** What the coach's mail needs to read at hand-off and again when each channel sends it. */
export interface CoachMailSources {
  mail: CoachDigestsRepository
  recipient: (coachId: number) => CoachRecipient | undefined
  notice: (requestId: number, coachId: number) => ReviewRequestNotice | undefined
}

export type CoachMailDecision =
  | { handOff: number; items?: DigestItems }
  | { settle: 'skipped' | 'cancelled'; reason: string; count: number | null }

export const REVIEW_UNLINKED = 'Not sent: the candidate no longer shares their debrief.'
export const REVIEW_ANSWERED = 'Not sent: the review was answered or withdrawn first.'
export const DIGEST_OFF = 'Not sent: the digest is off.'
export const DAY_PASSED = 'Not sent: the day it was for had passed before it could go out.'
export const NOTHING_TO_SAY = 'Not sent: nothing needed your attention.'

/**
 * Whether the coach's digest or review-request notice is still wanted at `now`, and how many
 * things it names: decided at hand-off and again by each channel's delivery when it is sent.
 */
export function coachMailDecision(
  sources: CoachMailSources,
  mail: { coachId: number; kind: ClaimedCoachMail['kind']; requestId: number | null; dueAt: number },
  now: number,
): CoachMailDecision {
  const recipient = sources.recipient(mail.coachId)
  if (!recipient) return { settle: 'cancelled', reason: 'Not sent: the account is gone.', count: null }
  if (mail.kind === 'review') {
    const notice = mail.requestId === null ? undefined : sources.notice(mail.requestId, mail.coachId)
    if (!notice?.linked) return { settle: 'cancelled', reason: REVIEW_UNLINKED, count: null }
    if (notice.state !== 'open') return { settle: 'skipped', reason: REVIEW_ANSWERED, count: null }
    return { handOff: 1 }
  }
  if (!recipient.enabled) return { settle: 'cancelled', reason: DIGEST_OFF, count: null }
  if (isNudgeStale(mail.dueAt, now, recipient.timeZone))
    return { settle: 'skipped', reason: DAY_PASSED, count: null }
  const items = sources.mail.digestItems(mail.coachId, now, DIGEST_SOON_MS, DIGEST_OVERDUE_MS)
  const count = digestSize(items)
  if (count === 0) return { settle: 'skipped', reason: NOTHING_TO_SAY, count: 0 }
  return { handOff: count, items }
}
