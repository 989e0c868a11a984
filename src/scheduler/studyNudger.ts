import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ClaimedNudge, StudyNudgesRepository } from '../db/studyNudges.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import type { Planner } from './dispatcher.js'

/** What handing off a nudge needs to know about its user. */
export interface NudgeRecipient {
  timeZone: string
  /** Cards in the deck due now. */
  dueCount: number
}

export interface StudyNudgerOptions {
  nudges: StudyNudgesRepository
  /** undefined: the user is gone or has the study reminder off. */
  recipient: (userId: number, now: number) => NudgeRecipient | undefined
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  leaseMs: number
  batchSize?: number
}

export type NudgeOutcome = 'handedOff' | 'skipped' | 'cancelled'

/**
 * Hands the daily study reminders to the user's channels from inside the reminder dispatcher's
 * pass: plan, reclaim expired leases, claim due rows atomically, decide (nothing due, day
 * passed, reminder off) and create one delivery per channel in one transaction fenced on the
 * claim, then plan the next day's row. The deliveries are sent like a reminder's.
 */
export class StudyNudger implements Planner {
  constructor(private readonly options: StudyNudgerOptions) {}

  nextWakeAt(): number | undefined {
    return this.options.nudges.nextWakeAt()
  }

  handOffDue(now: number): { skipped: number; cancelled: number; handedOff: number } {
    const { nudges, clock, log } = this.options
    const counts = { handedOff: 0, skipped: 0, cancelled: 0 }
    const reclaimed = nudges.reclaimExpired(now)
    if (reclaimed > 0)
      log.warn({ count: reclaimed }, 'reclaimed study reminders whose hand-off was interrupted')
    nudges.planMissing(now)
    // Bounded: a claimed row is never due again within this pass.
    for (let round = 0; round < 50; round++) {
      const at = clock.now()
      const claims = nudges.claimDue(at, at + this.options.leaseMs, this.options.batchSize ?? 20)
      if (claims.length === 0) break
      for (const claim of claims) counts[this.handOff(claim)]++
    }
    return counts
  }

  private settle(
    claim: ClaimedNudge,
    state: 'skipped' | 'cancelled',
    reason: string,
    dueCount: number | null,
  ): void {
    const now = this.options.clock.now()
    if (this.options.nudges.markFinal(claim, state, reason, dueCount, now))
      this.options.nudges.planAfterSettled(claim.userId, now)
  }

  private handOff(claim: ClaimedNudge): NudgeOutcome {
    const { nudges, clock, log } = this.options
    const now = clock.now()
    const recipient = this.options.recipient(claim.userId, now)
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
    const outcome = nudges.handOff(claim, recipient.dueCount, now)
    const context = { nudgeId: claim.id, localDate: claim.localDate, attempt: claim.attempts }
    if (outcome === 'lost') {
      log.warn(context, 'study reminder claim had been taken over; the other claim hands it off')
      return 'handedOff'
    }
    nudges.planAfterSettled(claim.userId, now)
    if (outcome === 'noChannel') {
      log.info(context, 'study reminder skipped: no channel is on')
      return 'skipped'
    }
    log.info({ ...context, deliveries: outcome }, 'study reminder handed to its channels')
    return 'handedOff'
  }
}
