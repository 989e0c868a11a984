import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ClaimedCoachMail } from '../db/coachDigests.js'
import { type CoachMailSources, coachMailDecision } from './coachMailDecision.js'
import type { Planner } from './dispatcher.js'

export type { CoachMailSources }

export interface CoachMailHandOffOptions extends CoachMailSources {
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  leaseMs: number
  batchSize?: number
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
