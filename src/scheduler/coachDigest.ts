import type { ClaimedCoachMail } from '../db/coachDigests.js'
import { type CoachMailSources, coachMailDecision } from './coachMailDecision.js'
import { type HandOffOutcome, PlanHandOff, type PlanPassOptions } from './planPass.js'

export type { CoachMailSources }

export interface CoachMailHandOffOptions extends CoachMailSources, PlanPassOptions {}

const NAMES = { one: 'coach mail', many: 'coach mail' }

/**
 * Hands the coaches' mail to their channels in the pass the daily study reminders share
 * (planPass.ts): each claim is decided (account gone, review answered, digest off, day passed,
 * nothing to say) and gets one delivery per channel in one transaction fenced on the claim,
 * then the coach's next digest is planned. The deliveries are sent like a reminder's, each
 * channel on its own.
 */
export class CoachMailHandOff extends PlanHandOff<ClaimedCoachMail> {
  constructor(private readonly options: CoachMailHandOffOptions) {
    super(options.mail, options, NAMES)
  }

  private settled(claim: ClaimedCoachMail, now: number): void {
    if (claim.kind === 'digest') this.options.mail.planAfterSettled(claim.coachId, now)
  }

  protected handOff(claim: ClaimedCoachMail): HandOffOutcome {
    const { mail, clock } = this.options
    const now = clock.now()
    const decision = coachMailDecision(this.options, claim, now)
    if ('settle' in decision) {
      if (mail.markFinal(claim, decision.settle, decision.reason, decision.count, now))
        this.settled(claim, now)
      return decision.settle
    }
    const outcome = mail.handOff(claim, decision.handOff, now)
    const context = { coachMailId: claim.id, kind: claim.kind, attempt: claim.attempts }
    return this.handedOff(outcome, context, () => this.settled(claim, now))
  }
}
