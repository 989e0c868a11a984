import type { FastifyBaseLogger } from 'fastify'
import cron, { type ScheduledTask } from 'node-cron'
import type { Clock } from '../clock.js'
import type { ClaimedReminder, RemindersRepository } from '../db/reminders.js'
import { followUpDeadline } from '../domain/interview.js'
import { GIVE_UP_AFTER_MS, isObsolete, retryDelayMs, wantsReminders } from '../domain/reminderPlan.js'
import { stableMessageId } from '../mail/compose.js'
import { classifyMailError, MailSendError, MessageIdConflictError } from '../mail/errors.js'
import type { Mailer } from '../mail/mailer.js'
import { renderReminderEmail } from './content.js'

export interface DispatcherOptions {
  reminders: RemindersRepository
  mailer: Mailer
  clock: Clock
  log: FastifyBaseLogger
  baseUrl: string
  /** How long a claim stays reserved; must exceed the mailer's send timeout. */
  leaseMs: number
  /** Rows claimed (and sent concurrently) at a time. */
  batchSize?: number
  /** Claims per pass at most, so one pass cannot run for ever while rows keep coming due. */
  maxBatchesPerPass?: number
}

export interface PassResult {
  claimed: number
  sent: number
  retrying: number
  failed: number
  skipped: number
  cancelled: number
  reclaimed: number
}

export interface StartOptions {
  /** The node-cron task every minute (default true). */
  cron?: boolean
  /** A timer to the next due row or lease expiry, for precision below a minute (default true). */
  precisionTimer?: boolean
}

/** Another durable queue whose due rows each pass also sends (the follow-up notes' send queue). */
export interface ExtraPass {
  runDuePass(signal: AbortSignal): Promise<unknown>
  nextWakeAt(): number | undefined
}

const emptyResult = (): PassResult => ({
  claimed: 0,
  sent: 0,
  retrying: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
  reclaimed: 0,
})

/** Longest sleep of the precision timer: the cron task runs every minute anyway. */
const MAX_TIMER_MS = 60_000
/** How long stop() lets in-flight sends finish before it aborts them. */
const STOP_GRACE_MS = 5_000

/**
 * Sends due reminders. node-cron (and a timer to the next due moment) only trigger passes;
 * the database decides what is due, and each row is claimed by one atomic UPDATE, so any
 * number of overlapping passes and processes on the same database send each reminder once.
 * Sends happen outside any transaction; their outcome is recorded fenced on the claim's
 * attempt number.
 */
export class ReminderDispatcher {
  private readonly inFlight = new Set<Promise<PassResult>>()
  private readonly extras: ExtraPass[] = []
  private readonly shutdown = new AbortController()
  private task: ScheduledTask | undefined
  private timer: NodeJS.Timeout | undefined
  private timerEnabled = false
  private stopped = false
  /** Clock time at which the last pass completed (undefined: none yet). */
  lastPassAt: number | undefined
  lastPassError: string | undefined

  constructor(private readonly options: DispatcherOptions) {}

  alsoRun(extra: ExtraPass): void {
    this.extras.push(extra)
  }

  /** One pass: reclaim expired leases, skip what is too late, then claim and send due rows until none are left. */
  runDuePass(): Promise<PassResult> {
    const pass = this.pass().finally(() => this.inFlight.delete(pass))
    this.inFlight.add(pass)
    return pass
  }

  private async pass(): Promise<PassResult> {
    const { reminders, clock, log } = this.options
    const batchSize = this.options.batchSize ?? 5
    const maxBatches = this.options.maxBatchesPerPass ?? 50
    const result = emptyResult()
    try {
      const now = clock.now()
      result.reclaimed = reminders.reclaimExpired(now)
      if (result.reclaimed > 0)
        log.warn({ count: result.reclaimed }, 'reclaimed reminders whose send was interrupted')
      result.skipped += reminders.skipObsolete(now)
      // Once stopping, no new rows are claimed; the ones in hand finish or are released.
      for (let batch = 0; batch < maxBatches && !this.stopped; batch++) {
        const claimedAt = clock.now()
        const claims = reminders.claimDue(claimedAt, claimedAt + this.options.leaseMs, batchSize)
        if (claims.length === 0) break
        result.claimed += claims.length
        const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim)))
        for (const outcome of outcomes) result[outcome]++
      }
      for (const extra of this.extras) await extra.runDuePass(this.shutdown.signal)
      this.lastPassAt = clock.now()
      this.lastPassError = undefined
      return result
    } catch (error) {
      this.lastPassError = (error as Error).message
      log.error({ err: error }, 'reminder pass failed')
      throw error
    } finally {
      this.armTimer()
    }
  }

  private async deliver(claim: ClaimedReminder): Promise<Exclude<keyof PassResult, 'claimed' | 'reclaimed'>> {
    const { reminders, mailer, clock, log, baseUrl } = this.options
    const context = reminders.context(claim)
    const now = clock.now()
    if (!context || !wantsReminders(context.interview)) {
      reminders.markFinal(claim, 'cancelled', null, now)
      return 'cancelled'
    }
    if (isObsolete(claim.kind, followUpDeadline(context.interview.endsAt), now)) {
      reminders.markFinal(
        claim,
        'skipped',
        'Not sent: the follow-up deadline passed before it could go out.',
        now,
      )
      return 'skipped'
    }
    const logContext = { reminderId: claim.id, kind: claim.kind, attempt: claim.attempts }
    let messageId = ''
    try {
      // Row ids are reused after deletions; the row's random key makes the Message-ID unique.
      messageId = stableMessageId('reminder', `${claim.id}.${reminders.messageKey(claim.id)}`, baseUrl)
      const email = renderReminderEmail(claim.kind, context, now, baseUrl)
      await mailer.send(
        {
          userId: claim.userId,
          to: { name: context.user.name, address: context.address },
          subject: email.subject,
          text: email.text,
          html: email.html,
          messageId,
          // Subject and text say how much time is left, so a retry's differ; this does not.
          identity: `reminder ${claim.id}: ${claim.kind} ${claim.lead} for interview ${claim.interviewId} (${context.interview.company} — ${context.interview.role})`,
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
        { signal: this.shutdown.signal },
      )
    } catch (error) {
      const failure = error instanceof MailSendError ? error : classifyMailError(error)
      if (!(error instanceof MailSendError))
        log.error({ ...logContext, err: error }, 'reminder could not be prepared')
      const at = clock.now()
      if (this.shutdown.signal.aborted) {
        // Interrupted by shutdown, not by the server: next process start tries again at once.
        reminders.markRetry(claim, `Interrupted by shutdown: ${failure.message}`, at, at)
        return 'retrying'
      }
      if (error instanceof MessageIdConflictError && reminders.renewMessageKey(claim)) {
        // Never silence: the reminder shows as failed with the reason, and a retry sends it
        // under a new Message-ID.
        log.error({ ...logContext, messageId }, 'reminder Message-ID already taken by another message')
        reminders.markFinal(claim, 'failed', `${failure.message} Retry to send it with a new Message-ID.`, at)
        return 'failed'
      }
      if (!failure.temporary) {
        log.warn({ ...logContext, error: failure.message }, 'reminder refused permanently')
        reminders.markFinal(claim, 'failed', failure.message, at)
        return 'failed'
      }
      if (at - claim.dueAt >= GIVE_UP_AFTER_MS) {
        log.warn({ ...logContext, error: failure.message }, 'reminder given up after retrying')
        reminders.markFinal(
          claim,
          'failed',
          `Gave up after ${claim.attempts} attempts: ${failure.message}`,
          at,
        )
        return 'failed'
      }
      const nextAttemptAt = at + retryDelayMs(claim.attempts)
      log.info({ ...logContext, error: failure.message, nextAttemptAt }, 'reminder send failed, will retry')
      reminders.markRetry(claim, failure.message, nextAttemptAt, at)
      return 'retrying'
    }
    if (!reminders.markSent(claim, messageId, clock.now())) {
      // Our lease ran out and another claim took the row over; that claim records the outcome.
      log.warn(
        logContext,
        'reminder sent but its claim had been taken over; the other claim records the outcome',
      )
    } else {
      log.info({ ...logContext, messageId }, 'reminder sent')
    }
    return 'sent'
  }

  /** Starts the cron task and runs the start-up pass (catch-up after downtime). */
  start(options: StartOptions = {}): void {
    if (this.stopped) throw new Error('A stopped dispatcher cannot be started again; create a new one.')
    this.timerEnabled = options.precisionTimer ?? true
    if (options.cron ?? true) {
      this.task = cron.schedule('* * * * *', () => this.trigger(), {
        name: 'reminder-dispatcher',
        noOverlap: true,
        unref: true,
        logger: {
          info: (message) => this.options.log.debug(message),
          debug: (message) => this.options.log.debug(String(message)),
          warn: (message) => this.options.log.warn(message),
          error: (message) => this.options.log.error(String(message)),
        },
      })
    }
    void this.trigger()
  }

  private async trigger(): Promise<void> {
    if (this.stopped) return
    try {
      await this.runDuePass()
    } catch {
      // Already logged by the pass; the next tick tries again.
    }
  }

  private armTimer(): void {
    if (!this.timerEnabled || this.stopped) return
    if (this.timer) clearTimeout(this.timer)
    let wake: number | undefined
    try {
      const wakes = [this.options.reminders.nextWakeAt(), ...this.extras.map((e) => e.nextWakeAt())]
      wake = wakes.reduce<number | undefined>(
        (a, b) => (b === undefined || (a !== undefined && a <= b) ? a : b),
        undefined,
      )
    } catch {
      return
    }
    if (wake === undefined) return
    // After a failed pass, wait a little rather than spin on a row that is due but cannot be processed.
    const floor = this.lastPassError ? 5_000 : 50
    const delay = Math.max(wake - this.options.clock.now(), 0) + floor
    if (delay > MAX_TIMER_MS && this.task) return
    this.timer = setTimeout(() => void this.trigger(), Math.min(delay, MAX_TIMER_MS))
    this.timer.unref()
  }

  /** Resolves when no pass is running. */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight])
  }

  /** Stops triggering passes and waits for the running one; sends still running after a grace period are aborted. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    if (this.task) {
      await this.task.destroy()
      this.task = undefined
    }
    if (this.inFlight.size === 0) return
    const grace = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref())
    await Promise.race([this.whenIdle(), grace])
    this.shutdown.abort(new Error('Debrief is shutting down'))
    await this.whenIdle()
  }
}
