import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ClaimedCoachMail, CoachDigestsRepository, DigestItems } from '../db/coachDigests.js'
import type { ReviewRequestNotice } from '../db/coachReviews.js'
import { GIVE_UP_AFTER_MS, retryDelayMs } from '../domain/reminderPlan.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import { stableMessageId } from '../mail/compose.js'
import { classifyMailError, MailSendError } from '../mail/errors.js'
import type { Mailer } from '../mail/mailer.js'
import { type CoachEmail, digestSize, renderCoachDigest, renderReviewRequest } from './coachDigestContent.js'

/** The digest lists follow-ups due within this much of its sending... */
export const DIGEST_SOON_MS = 12 * 3_600_000
/** ...and those overdue by at most this much (older ones it has named for a week already). */
export const DIGEST_OVERDUE_MS = 7 * 24 * 3_600_000

export interface CoachRecipient {
  name: string
  timeZone: string
  /** Where the coach's reminders go (their reminder settings' address or the account's). */
  address: string
  digestEnabled: boolean
}

export interface CoachDigestOptions {
  mail: CoachDigestsRepository
  recipient: (coachId: number) => CoachRecipient | undefined
  notice: (requestId: number, coachId: number) => ReviewRequestNotice | undefined
  mailer: Pick<Mailer, 'send'>
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  baseUrl: string
  leaseMs: number
  batchSize?: number
}

export type CoachMailOutcome = 'sent' | 'retrying' | 'failed' | 'skipped' | 'cancelled'

type Prepared =
  | { send: CoachEmail; count: number; identity: string }
  | { settle: 'skipped' | 'cancelled'; reason: string; count: number | null }

/**
 * Sends the coaches' mail from inside the reminder dispatcher's pass, with its rules: plan,
 * reclaim expired leases, claim due rows atomically, send outside any transaction, record the
 * outcome fenced on the claim's attempt, and plan a coach's next digest once a day's is settled.
 * What a digest says is decided when it is sent; one with nothing to say is skipped.
 */
export class CoachDigestSender {
  constructor(private readonly options: CoachDigestOptions) {}

  nextWakeAt(): number | undefined {
    return this.options.mail.nextWakeAt()
  }

  async runDuePass(signal?: AbortSignal): Promise<Record<CoachMailOutcome, number>> {
    const { mail, clock, log } = this.options
    const counts: Record<CoachMailOutcome, number> = {
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
    }
    const now = clock.now()
    const reclaimed = mail.reclaimExpired(now)
    if (reclaimed > 0) log.warn({ count: reclaimed }, 'reclaimed coach mail whose send was interrupted')
    mail.planMissing(now)
    // Bounded: a claimed row is never due again within this pass.
    for (let round = 0; round < 50 && !signal?.aborted; round++) {
      const at = clock.now()
      const claims = mail.claimDue(at, at + this.options.leaseMs, this.options.batchSize ?? 5)
      if (claims.length === 0) break
      const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim, signal)))
      for (const outcome of outcomes) counts[outcome]++
    }
    return counts
  }

  private settled(claim: ClaimedCoachMail, now: number): void {
    if (claim.kind === 'digest') this.options.mail.planAfterSettled(claim.coachId, now)
  }

  private prepare(claim: ClaimedCoachMail, recipient: CoachRecipient | undefined, now: number): Prepared {
    if (!recipient) return { settle: 'cancelled', reason: 'Not sent: the account is gone.', count: null }
    if (claim.kind === 'review') {
      const notice =
        claim.requestId === null ? undefined : this.options.notice(claim.requestId, claim.coachId)
      if (!notice?.linked)
        return {
          settle: 'cancelled',
          reason: 'Not sent: the candidate no longer shares their debrief.',
          count: null,
        }
      if (notice.state !== 'open')
        return {
          settle: 'skipped',
          reason: 'Not sent: the review was answered or withdrawn first.',
          count: null,
        }
      return {
        send: renderReviewRequest(recipient, notice, this.options.baseUrl),
        count: 1,
        identity: `coach review request ${claim.requestId} for coach ${claim.coachId}`,
      }
    }
    if (!recipient.digestEnabled)
      return { settle: 'cancelled', reason: 'Not sent: the digest is off.', count: null }
    if (isNudgeStale(claim.dueAt, now, recipient.timeZone))
      return {
        settle: 'skipped',
        reason: 'Not sent: the day it was for had passed before it could go out.',
        count: null,
      }
    const items: DigestItems = this.options.mail.digestItems(
      claim.coachId,
      now,
      DIGEST_SOON_MS,
      DIGEST_OVERDUE_MS,
    )
    const count = digestSize(items)
    if (count === 0)
      return { settle: 'skipped', reason: 'Not sent: nothing needed your attention.', count: 0 }
    return {
      send: renderCoachDigest(recipient, items, now, this.options.baseUrl),
      count,
      identity: `coach digest ${claim.id} for ${claim.localDate}`,
    }
  }

  private async deliver(claim: ClaimedCoachMail, signal: AbortSignal | undefined): Promise<CoachMailOutcome> {
    const { mail, mailer, clock, log, baseUrl } = this.options
    const now = clock.now()
    const recipient = this.options.recipient(claim.coachId)
    const context = { coachMailId: claim.id, kind: claim.kind, attempt: claim.attempts }
    const prepared = this.prepare(claim, recipient, now)
    if ('settle' in prepared) {
      if (mail.markFinal(claim, prepared.settle, prepared.reason, prepared.count, now))
        this.settled(claim, now)
      return prepared.settle
    }
    const messageId = stableMessageId(`coach-${claim.kind}`, claim.messageKey, baseUrl)
    try {
      await mailer.send(
        {
          userId: claim.coachId,
          to: { name: recipient!.name, address: recipient!.address },
          subject: prepared.send.subject,
          text: prepared.send.text,
          html: prepared.send.html,
          messageId,
          // The digest's lines may differ between attempts; what the message is does not.
          identity: prepared.identity,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        signal ? { signal } : {},
      )
    } catch (error) {
      const failure = error instanceof MailSendError ? error : classifyMailError(error)
      const at = clock.now()
      if (signal?.aborted) {
        mail.markRetry(claim, `Interrupted by shutdown: ${failure.message}`, at, at)
        return 'retrying'
      }
      if (!failure.temporary || at - claim.dueAt >= GIVE_UP_AFTER_MS) {
        log.warn({ ...context, error: failure.message }, 'coach mail not delivered')
        if (mail.markFinal(claim, 'failed', failure.message, prepared.count, at)) this.settled(claim, at)
        return 'failed'
      }
      log.info({ ...context, error: failure.message }, 'coach mail send failed, will retry')
      mail.markRetry(claim, failure.message, at + retryDelayMs(claim.attempts), at)
      return 'retrying'
    }
    const at = clock.now()
    if (mail.markSent(claim, messageId, prepared.count, at)) {
      log.info({ ...context, messageId }, 'coach mail sent')
      this.settled(claim, at)
    } else {
      log.warn(
        context,
        'coach mail sent but its claim had been taken over; the other claim records the outcome',
      )
    }
    return 'sent'
  }
}
