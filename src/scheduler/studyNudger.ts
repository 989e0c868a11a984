import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ClaimedNudge, StudyNudgesRepository } from '../db/studyNudges.js'
import { GIVE_UP_AFTER_MS, retryDelayMs } from '../domain/reminderPlan.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import { stableMessageId } from '../mail/compose.js'
import { classifyMailError, MailSendError } from '../mail/errors.js'
import type { Mailer } from '../mail/mailer.js'
import { renderStudyNudge } from './studyContent.js'

/** What a nudge needs to know about its user at send time. */
export interface NudgeRecipient {
  name: string
  timeZone: string
  /** Where reminders go (the reminder settings' address or the account's). */
  address: string
  /** Cards in the deck due now. */
  dueCount: number
}

export interface StudyNudgerOptions {
  nudges: StudyNudgesRepository
  recipient: (userId: number, now: number) => NudgeRecipient | undefined
  mailer: Pick<Mailer, 'send'>
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  baseUrl: string
  leaseMs: number
  batchSize?: number
}

export type NudgeOutcome = 'sent' | 'retrying' | 'failed' | 'skipped' | 'cancelled'

/**
 * Sends the daily study reminders from inside the reminder dispatcher's pass, with its rules:
 * plan, reclaim expired leases, claim due rows atomically, send outside any transaction, record
 * the outcome fenced on the claim's attempt, and plan the next day's row once a row is settled.
 */
export class StudyNudger {
  constructor(private readonly options: StudyNudgerOptions) {}

  nextWakeAt(): number | undefined {
    return this.options.nudges.nextWakeAt()
  }

  async runDuePass(signal?: AbortSignal): Promise<Record<NudgeOutcome, number>> {
    const { nudges, clock, log } = this.options
    const counts: Record<NudgeOutcome, number> = { sent: 0, retrying: 0, failed: 0, skipped: 0, cancelled: 0 }
    const now = clock.now()
    const reclaimed = nudges.reclaimExpired(now)
    if (reclaimed > 0) log.warn({ count: reclaimed }, 'reclaimed study reminders whose send was interrupted')
    nudges.planMissing(now)
    // Bounded: a claimed row is never due again within this pass.
    for (let round = 0; round < 50 && !signal?.aborted; round++) {
      const at = clock.now()
      const claims = nudges.claimDue(at, at + this.options.leaseMs, this.options.batchSize ?? 5)
      if (claims.length === 0) break
      const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim, signal)))
      for (const outcome of outcomes) counts[outcome]++
    }
    return counts
  }

  private settle(
    claim: ClaimedNudge,
    state: 'failed' | 'skipped' | 'cancelled',
    reason: string,
    dueCount: number | null,
  ): void {
    const now = this.options.clock.now()
    if (this.options.nudges.markFinal(claim, state, reason, dueCount, now))
      this.options.nudges.planAfterSettled(claim.userId, now)
  }

  private async deliver(claim: ClaimedNudge, signal: AbortSignal | undefined): Promise<NudgeOutcome> {
    const { nudges, mailer, clock, log, baseUrl } = this.options
    const now = clock.now()
    const recipient = this.options.recipient(claim.userId, now)
    const context = { nudgeId: claim.id, localDate: claim.localDate, attempt: claim.attempts }
    if (!recipient) {
      this.settle(claim, 'cancelled', 'Not sent: the study reminder is off.', null)
      return 'cancelled'
    }
    if (isNudgeStale(claim.dueAt, now, recipient.timeZone)) {
      this.settle(claim, 'skipped', 'Not sent: the day it was for had passed before it could go out.', null)
      return 'skipped'
    }
    if (recipient.dueCount === 0) {
      this.settle(claim, 'skipped', 'Not sent: no cards were due.', 0)
      return 'skipped'
    }
    const messageId = stableMessageId('study', claim.messageKey, baseUrl)
    try {
      const email = renderStudyNudge(recipient.name, recipient.dueCount, baseUrl)
      await mailer.send(
        {
          userId: claim.userId,
          to: { name: recipient.name, address: recipient.address },
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          // The count may differ between attempts; what the message is does not.
          identity: `study reminder ${claim.id} for ${claim.localDate}`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        signal ? { signal } : {},
      )
    } catch (error) {
      const failure = error instanceof MailSendError ? error : classifyMailError(error)
      const at = clock.now()
      if (signal?.aborted) {
        nudges.markRetry(claim, `Interrupted by shutdown: ${failure.message}`, at, at)
        return 'retrying'
      }
      if (!failure.temporary || at - claim.dueAt >= GIVE_UP_AFTER_MS) {
        log.warn({ ...context, error: failure.message }, 'study reminder not delivered')
        this.settle(claim, 'failed', failure.message, recipient.dueCount)
        return 'failed'
      }
      log.info({ ...context, error: failure.message }, 'study reminder send failed, will retry')
      nudges.markRetry(claim, failure.message, at + retryDelayMs(claim.attempts), at)
      return 'retrying'
    }
    const at = clock.now()
    if (nudges.markSent(claim, messageId, recipient.dueCount, at)) {
      log.info({ ...context, messageId }, 'study reminder sent')
      nudges.planAfterSettled(claim.userId, at)
    } else {
      log.warn(
        context,
        'study reminder sent but its claim had been taken over; the other claim records the outcome',
      )
    }
    return 'sent'
  }
}
