import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ReminderDeliveriesRepository } from '../db/reminderDeliveries.js'
import { GIVE_UP_AFTER_MS, retryDelayMs } from '../domain/reminderPlan.js'
import type {
  Channel,
  ClaimedDelivery,
  DeliveryContent,
  DeliveryOutcome,
  NotWanted,
} from './channels/channel.js'

export interface DeliveryDispatcherOptions {
  deliveries: ReminderDeliveriesRepository
  channels: Channel[]
  /** What a claimed delivery says, or why it is no longer wanted. */
  content: (claim: ClaimedDelivery, now: number) => DeliveryContent | NotWanted
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  /** How long a claim stays reserved; must exceed a channel's longest send. */
  leaseMs: number
  batchSize?: number
  maxBatchesPerPass?: number
}

export type Settled = 'sent' | 'retrying' | 'failed' | 'skipped' | 'cancelled'

export interface DeliveryPassResult extends Record<Settled, number> {
  claimed: number
  reclaimed: number
}

export const emptyDeliveryResult = (): DeliveryPassResult => ({
  claimed: 0,
  reclaimed: 0,
  sent: 0,
  retrying: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
})

/**
 * Sends deliveries over every channel, e-mail included. Each channel is claimed and sent on its
 * own, concurrently, so a slow or failing channel never holds up another's; each row is claimed
 * by one atomic UPDATE and its outcome recorded fenced on the claim's attempt number. Channels
 * only say how one delivery went, so a new channel needs no change here.
 */
export class DeliveryDispatcher {
  private readonly channels: Map<string, Channel>

  constructor(private readonly options: DeliveryDispatcherOptions) {
    this.channels = new Map(options.channels.map((c) => [c.name, c]))
  }

  nextWakeAt(): number | undefined {
    return this.options.deliveries.nextWakeAt()
  }

  reclaimExpired(now: number): number {
    const reclaimed = this.options.deliveries.reclaimExpired(now)
    if (reclaimed > 0)
      this.options.log.warn({ count: reclaimed }, 'reclaimed reminders whose send was interrupted')
    return reclaimed
  }

  /** Deliveries of reminders that can no longer arrive before the deadline: skipped without a claim. */
  skipObsolete(now: number): number {
    return this.options.deliveries.skipObsolete(now)
  }

  /** Claims and sends due deliveries of every channel until none are left (or the pass is stopped). */
  async sendDue(
    signal: AbortSignal,
    stopped: () => boolean,
    handOff: () => void = () => {},
  ): Promise<DeliveryPassResult> {
    const result = emptyDeliveryResult()
    await Promise.all(
      [...this.channels.keys()].map((name) => this.sendChannel(name, result, signal, stopped, handOff)),
    )
    return result
  }

  private async sendChannel(
    channel: string,
    result: DeliveryPassResult,
    signal: AbortSignal,
    stopped: () => boolean,
    handOff: () => void,
  ): Promise<void> {
    const { deliveries, clock } = this.options
    const maxBatches = this.options.maxBatchesPerPass ?? 50
    // Once stopping, no new rows are claimed; the ones in hand finish or are released.
    for (let batch = 0; batch < maxBatches && !stopped() && !signal.aborted; batch++) {
      // What came due while the previous batch was being sent joins this pass.
      handOff()
      const claimedAt = clock.now()
      const claims = deliveries.claimDue(
        channel,
        claimedAt,
        claimedAt + this.options.leaseMs,
        this.options.batchSize ?? 5,
      )
      if (claims.length === 0) return
      result.claimed += claims.length
      const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim, signal)))
      for (const outcome of outcomes) result[outcome]++
    }
  }

  private async deliver(claim: ClaimedDelivery, signal: AbortSignal): Promise<Settled> {
    const { deliveries, clock, log } = this.options
    const logContext = {
      deliveryId: claim.id,
      ...(claim.reminderId !== null
        ? { reminderId: claim.reminderId }
        : claim.nudgeId !== null
          ? { nudgeId: claim.nudgeId }
          : { coachMailId: claim.coachMailId }),
      channel: claim.channel,
      attempt: claim.attempts,
    }
    let content: DeliveryContent | NotWanted
    try {
      content = this.options.content(claim, clock.now())
    } catch (error) {
      log.error({ ...logContext, err: error }, 'delivery could not be prepared')
      content = { final: 'cancelled', reason: `Not sent: ${(error as Error).message}` }
    }
    if ('final' in content) {
      deliveries.markFinal(claim, content.final, content.reason, clock.now())
      return content.final
    }
    const channel = this.channels.get(claim.channel)
    let outcome: DeliveryOutcome
    if (!channel) {
      outcome = { kind: 'temporary', error: `The ${claim.channel} channel is not available in this process.` }
    } else {
      try {
        outcome = await channel.deliver(claim, content, signal)
      } catch (error) {
        log.error({ ...logContext, err: error }, 'delivery failed unexpectedly')
        outcome = { kind: 'temporary', error: (error as Error).message || String(error) }
      }
    }
    const at = clock.now()
    if (outcome.kind === 'sent') {
      if (!deliveries.markSent(claim, outcome.messageId ?? null, at))
        log.warn(
          logContext,
          'delivery sent but its claim had been taken over; the other claim records the outcome',
        )
      else log.info({ ...logContext, messageId: outcome.messageId }, 'delivered')
      return 'sent'
    }
    if (outcome.kind === 'cancelled') {
      deliveries.markFinal(claim, 'cancelled', outcome.error, at)
      return 'cancelled'
    }
    if (signal.aborted) {
      // Interrupted by shutdown, not by the destination: the next process start tries again at once.
      deliveries.markRetry(claim, `Interrupted by shutdown: ${outcome.error}`, at, at)
      return 'retrying'
    }
    if (outcome.kind === 'permanent') {
      log.warn({ ...logContext, error: outcome.error }, 'delivery refused permanently')
      deliveries.markFinal(claim, 'failed', outcome.error, at)
      return 'failed'
    }
    if (at - claim.dueAt >= GIVE_UP_AFTER_MS) {
      log.warn({ ...logContext, error: outcome.error }, 'delivery given up after retrying')
      deliveries.markFinal(claim, 'failed', `Gave up after ${claim.attempts} attempts: ${outcome.error}`, at)
      return 'failed'
    }
    const nextAttemptAt = at + retryDelayMs(claim.attempts)
    log.info({ ...logContext, error: outcome.error, nextAttemptAt }, 'delivery failed, will retry')
    deliveries.markRetry(claim, outcome.error, nextAttemptAt, at)
    return 'retrying'
  }
}
