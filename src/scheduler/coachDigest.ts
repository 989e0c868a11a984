import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ClaimedCoachMail, CoachDigestsRepository, DigestItems } from '../db/coachDigests.js'
import type { ReviewRequestNotice } from '../db/coachReviews.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import { digestSize } from './coachDigestContent.js'
import type { Planner } from './dispatcher.js'

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

export interface CoachMailHandOffOptions extends CoachMailSources {
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  leaseMs: number
  batchSize?: number
}

type Decision =
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
): Decision {
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

/**
 * Hands the coaches' mail to their channels from inside the reminder dispatcher's pass, as the
 * daily study reminders are: plan, reclaim expired leases, claim due rows atomically, decide
 * (account gone, review answered, digest off, day passed, nothing to say) and create one
 * delivery per channel in one transaction fenced on the claim, then plan the coach's next
 * digest. The deliveries are sent like a reminder's, each channel on its own.
 */
export class CoachMailHandOff implements Planner {
  constructor(private readonly options: CoachMailHandOffOptions) {}

  nextWakeAt(): number | undefined {
    return this.options.mail.nextWakeAt()
  }

  handOffDue(now: number): { handedOff: number; skipped: number; cancelled: number } {
    const { mail, clock, log } = this.options
    const counts = { handedOff: 0, skipped: 0, cancelled: 0 }
    const reclaimed = mail.reclaimExpired(now)
    if (reclaimed > 0) log.warn({ count: reclaimed }, 'reclaimed coach mail whose hand-off was interrupted')
    mail.planMissing(now)
    // Bounded: a claimed row is never due again within this pass.
    for (let round = 0; round < 50; round++) {
      const at = clock.now()
      const claims = mail.claimDue(at, at + this.options.leaseMs, this.options.batchSize ?? 20)
      if (claims.length === 0) break
      for (const claim of claims) counts[this.handOff(claim)]++
    }
    return counts
  }

  private settled(claim: ClaimedCoachMail, now: number): void {
    if (claim.kind === 'digest') this.options.mail.planAfterSettled(claim.coachId, now)
  }

  private handOff(claim: ClaimedCoachMail): 'handedOff' | 'skipped' | 'cancelled' {
    const { mail, clock, log } = this.options
    const now = clock.now()
    const decision = coachMailDecision(this.options, claim, now)
    if ('settle' in decision) {
      if (mail.markFinal(claim, decision.settle, decision.reason, decision.count, now))
        this.settled(claim, now)
      return decision.settle
    }
    const outcome = mail.handOff(claim, decision.handOff, now)
    const context = { coachMailId: claim.id, kind: claim.kind, attempt: claim.attempts }
    if (outcome === 'lost') {
      log.warn(context, 'coach mail claim had been taken over; the other claim hands it off')
      return 'handedOff'
    }
    this.settled(claim, now)
    if (outcome === 'noChannel') {
      log.info(context, 'coach mail skipped: no channel is on')
      return 'skipped'
    }
    log.info({ ...context, deliveries: outcome }, 'coach mail handed to its channels')
    return 'handedOff'
  }
}
