import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { Planner } from './dispatcher.js'

export type HandOffOutcome = 'handedOff' | 'skipped' | 'cancelled'

/** What a pass needs of a plan of messages: its claim queue (claimQueue.ts) and its daily planner. */
export interface PlannedMessages<C> {
  reclaimExpired(now: number): number
  planMissing(now: number): number
  claimDue(now: number, leaseUntil: number, limit: number): C[]
  nextWakeAt(): number | undefined
}

export interface PlanPassOptions {
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  leaseMs: number
  batchSize?: number
}

/** How the log names the plan's messages: one of them, and the lot (for the reclaimed count). */
export interface MessageNames {
  one: string
  many: string
}

/**
 * A plan of messages handed to their channels from inside the reminder dispatcher's pass (the
 * daily study reminders, the coach's mail), each pass the same: reclaim expired leases, plan
 * what is missing, then claim due rows atomically in batches and hand each one off. What a
 * claim comes to is the subclass's to decide.
 */
export abstract class PlanHandOff<C> implements Planner {
  constructor(
    private readonly plan: PlannedMessages<C>,
    private readonly pass: PlanPassOptions,
    private readonly names: MessageNames,
  ) {}

  nextWakeAt(): number | undefined {
    return this.plan.nextWakeAt()
  }

  handOffDue(now: number): Record<HandOffOutcome, number> {
    const { plan, pass } = this
    const counts = { handedOff: 0, skipped: 0, cancelled: 0 }
    const reclaimed = plan.reclaimExpired(now)
    if (reclaimed > 0)
      pass.log.warn({ count: reclaimed }, `reclaimed ${this.names.many} whose hand-off was interrupted`)
    plan.planMissing(now)
    // Bounded: a claimed row is never due again within this pass.
    for (let round = 0; round < 50; round++) {
      const at = pass.clock.now()
      const claims = plan.claimDue(at, at + pass.leaseMs, pass.batchSize ?? 20)
      if (claims.length === 0) break
      for (const claim of claims) counts[this.handOff(claim)]++
    }
    return counts
  }

  protected abstract handOff(claim: C): HandOffOutcome

  /**
   * What the channels' hand-off transaction came to, logged: a claim taken over is the other
   * claim's to hand off; otherwise the row is settled (`settled` plans what follows it), with
   * or without a channel to go to.
   */
  protected handedOff(
    outcome: number | 'noChannel' | 'lost',
    context: Record<string, unknown>,
    settled: () => void,
  ): HandOffOutcome {
    const { log } = this.pass
    if (outcome === 'lost') {
      log.warn(context, `${this.names.one} claim had been taken over; the other claim hands it off`)
      return 'handedOff'
    }
    settled()
    if (outcome === 'noChannel') {
      log.info(context, `${this.names.one} skipped: no channel is on`)
      return 'skipped'
    }
    log.info({ ...context, deliveries: outcome }, `${this.names.one} handed to its channels`)
    return 'handedOff'
  }
}
