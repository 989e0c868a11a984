import type { ClaimedNudge, StudyNudgesRepository } from '../db/studyNudges.js'
import { isNudgeStale } from '../domain/studyNudge.js'
import { type HandOffOutcome, PlanHandOff, type PlanPassOptions } from './planPass.js'

/** What handing off a nudge needs to know about its user. */
export interface NudgeRecipient {
  timeZone: string
  /** Cards in the deck due now. */
  dueCount: number
}

export interface StudyNudgerOptions extends PlanPassOptions {
  nudges: StudyNudgesRepository
  /** undefined: the user is gone or has the study reminder off. */
  recipient: (userId: number, now: number) => NudgeRecipient | undefined
}

const NAMES = { one: 'study reminder', many: 'study reminders' }

/**
 * Hands the daily study reminders to the user's channels in the pass the coach's mail shares
 * (planPass.ts): each claim is decided (nothing due, day passed, reminder off) and gets one
 * delivery per channel in one transaction fenced on the claim, then the next day's row is
 * planned. The deliveries are sent like a reminder's.
 */
export class StudyNudger extends PlanHandOff<ClaimedNudge> {
  constructor(private readonly options: StudyNudgerOptions) {
    super(options.nudges, options, NAMES)
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

  protected handOff(claim: ClaimedNudge): HandOffOutcome {
    const { nudges, clock } = this.options
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
    return this.handedOff(outcome, context, () => nudges.planAfterSettled(claim.userId, now))
  }
}
