import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { ReminderDeliveriesRepository } from '../db/reminderDeliveries.js'
import type { RemindersRepository } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import {
  GIVE_UP_AFTER_MS,
  isObsolete,
  type ReminderKind,
  retryDelayMs,
  wantsReminders,
} from '../domain/reminderPlan.js'
import type { Channel, ClaimedDelivery, DeliveryOutcome, NotificationContent } from './channels/channel.js'
import type { ExtraPass } from './dispatcher.js'
import { reminderNotification } from './notification.js'

export interface DeliveryDispatcherOptions {
  deliveries: ReminderDeliveriesRepository
  reminders: RemindersRepository
  channels: Channel[]
  clock: Clock
  log: FastifyBaseLogger
  baseUrl: string
  /** How long a claim stays reserved; must exceed a channel's longest send. */
  leaseMs: number
  batchSize?: number
  maxBatchesPerPass?: number
}

export interface DeliveryPassResult {
  planned: number
  reclaimed: number
  sent: number
  retrying: number
  failed: number
  skipped: number
  cancelled: number
}

type Settled = 'sent' | 'retrying' | 'failed' | 'skipped' | 'cancelled'

/**
 * Sends reminders over every channel other than e-mail (which the ReminderDispatcher sends from
 * the reminder row). Each delivery row is claimed by one atomic UPDATE and its outcome recorded
 * fenced on the claim's attempt number, exactly like reminders; channels only say how one
 * delivery went, so a new channel needs no change here.
 */
export class DeliveryDispatcher implements ExtraPass {
  private readonly channels: Map<string, Channel>

  constructor(private readonly options: DeliveryDispatcherOptions) {
    this.channels = new Map(options.channels.map((c) => [c.name, c]))
  }

  nextWakeAt(): number | undefined {
    return this.options.deliveries.nextWakeAt()
  }

  async runDuePass(signal: AbortSignal): Promise<DeliveryPassResult> {
    const { deliveries, clock, log } = this.options
    const result: DeliveryPassResult = {
      planned: 0,
      reclaimed: 0,
      sent: 0,
      retrying: 0,
      failed: 0,
      skipped: 0,
      cancelled: 0,
    }
    const now = clock.now()
    result.reclaimed = deliveries.reclaimExpired(now)
    if (result.reclaimed > 0)
      log.warn({ count: result.reclaimed }, 'reclaimed deliveries whose send was interrupted')
    result.planned = deliveries.planDue(now)
    const maxBatches = this.options.maxBatchesPerPass ?? 50
    for (let batch = 0; batch < maxBatches && !signal.aborted; batch++) {
      const claimedAt = clock.now()
      const claims = deliveries.claimDue(
        claimedAt,
        claimedAt + this.options.leaseMs,
        this.options.batchSize ?? 5,
      )
      if (claims.length === 0) break
      const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim, signal)))
      for (const outcome of outcomes) result[outcome]++
    }
    return result
  }

  /** The content, or why the delivery is no longer wanted. */
  private content(
    claim: ClaimedDelivery,
    now: number,
  ): NotificationContent | { final: 'cancelled' | 'skipped' } {
    const { deliveries, reminders, baseUrl } = this.options
    const reminder = deliveries.reminder(claim.reminderId)
    if (!reminder || reminder.state === 'cancelled' || reminder.interviewId === null)
      return { final: 'cancelled' }
    const kind = reminder.kind as ReminderKind
    const context = reminders.context({ userId: claim.userId, interviewId: reminder.interviewId })
    if (!context || !wantsReminders(context.interview)) return { final: 'cancelled' }
    if (isObsolete(kind, followUpDeadline(context.interview.endsAt), now)) return { final: 'skipped' }
    return reminderNotification(reminder.id, kind, context, now, baseUrl)
  }

  private async deliver(claim: ClaimedDelivery, signal: AbortSignal): Promise<Settled> {
    const { deliveries, clock, log } = this.options
    const logContext = {
      deliveryId: claim.id,
      reminderId: claim.reminderId,
      channel: claim.channel,
      attempt: claim.attempts,
    }
    const content = this.content(claim, clock.now())
    if ('final' in content) {
      const reason =
        content.final === 'skipped' ? 'Not sent: the follow-up deadline passed before it could go out.' : null
      deliveries.markFinal(claim, content.final, reason, clock.now())
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
      if (!deliveries.markSent(claim, at))
        log.warn(
          logContext,
          'delivery sent but its claim had been taken over; the other claim records the outcome',
        )
      else log.info(logContext, 'reminder delivered')
      return 'sent'
    }
    if (outcome.kind === 'cancelled') {
      deliveries.markFinal(claim, 'cancelled', outcome.error, at)
      return 'cancelled'
    }
    if (signal.aborted) {
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
