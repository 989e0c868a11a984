import type { FastifyBaseLogger } from 'fastify'
import cron, { type ScheduledTask } from 'node-cron'
import type { Clock } from '../clock.js'
import type { RemindersRepository } from '../db/reminders.js'
import type { DeliveryDispatcher } from './deliveryDispatcher.js'

export interface DispatcherOptions {
  reminders: Pick<RemindersRepository, 'skipObsolete' | 'handOffDue' | 'nextWakeAt'>
  /** Sends the deliveries of every channel. */
  deliveries: DeliveryDispatcher
  clock: Clock
  log: FastifyBaseLogger
  /** Reminders handed off per statement. */
  handOffBatch?: number
  /** Hand-offs per pass at most, so one pass cannot run for ever while rows keep coming due. */
  maxBatchesPerPass?: number
}

export interface PassResult {
  /** Deliveries claimed (on every channel). */
  claimed: number
  sent: number
  retrying: number
  failed: number
  /** Reminders skipped before hand-off, and deliveries skipped when claimed. */
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

/** Another plan whose due rows each pass hands to the channels before deliveries are sent (the daily study reminders). */
export interface Planner {
  handOffDue(now: number): { skipped: number; cancelled: number }
  nextWakeAt(): number | undefined
}

/** Longest sleep of the precision timer: the cron task runs every minute anyway. */
const MAX_TIMER_MS = 60_000
/** How long stop() lets in-flight sends finish before it aborts them. */
const STOP_GRACE_MS = 5_000

/**
 * Sends due reminders. node-cron (and a timer to the next due moment) only trigger passes;
 * the database decides what is due. Each pass hands due reminders to their channels (one
 * delivery row per channel, in one transaction with taking the reminder off the plan), then
 * claims each channel's due deliveries with one atomic UPDATE, so any number of overlapping
 * passes and processes on the same database deliver each reminder once per channel. Sends
 * happen outside any transaction; their outcome is recorded fenced on the claim's attempt.
 */
export class ReminderDispatcher {
  private readonly inFlight = new Set<Promise<PassResult>>()
  private readonly extras: ExtraPass[] = []
  private readonly planners: Planner[] = []
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

  alsoPlan(planner: Planner): void {
    this.planners.push(planner)
  }

  /** One pass: reclaim expired leases, skip what is too late, hand off due rows, then send due deliveries until none are left. */
  runDuePass(): Promise<PassResult> {
    const pass = this.pass().finally(() => this.inFlight.delete(pass))
    this.inFlight.add(pass)
    return pass
  }

  private async pass(): Promise<PassResult> {
    const { reminders, deliveries, clock, log } = this.options
    const batch = this.options.handOffBatch ?? 200
    const maxBatches = this.options.maxBatchesPerPass ?? 50
    try {
      const now = clock.now()
      const reclaimed = deliveries.reclaimExpired(now)
      // Too late to help: skipped before anything is claimed (later in the pass, at claim time).
      let skipped = reminders.skipObsolete(now) + deliveries.skipObsolete(now)
      let cancelled = 0
      const handOff = () => {
        const at = clock.now()
        for (let round = 0; round < maxBatches && !this.stopped; round++) {
          const handed = reminders.handOffDue(at, batch)
          skipped += handed.skipped
          if (handed.handed.length + handed.skipped < batch) break
        }
        for (const planner of this.planners) {
          const planned = planner.handOffDue(at)
          skipped += planned.skipped
          cancelled += planned.cancelled
        }
      }
      handOff()
      const sent = await deliveries.sendDue(this.shutdown.signal, () => this.stopped, handOff)
      for (const extra of this.extras) await extra.runDuePass(this.shutdown.signal)
      this.lastPassAt = clock.now()
      this.lastPassError = undefined
      return {
        ...sent,
        reclaimed,
        skipped: sent.skipped + skipped,
        cancelled: sent.cancelled + cancelled,
      }
    } catch (error) {
      this.lastPassError = (error as Error).message
      log.error({ err: error }, 'reminder pass failed')
      throw error
    } finally {
      this.armTimer()
    }
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
      const wakes = [
        this.options.reminders.nextWakeAt(),
        this.options.deliveries.nextWakeAt(),
        ...this.planners.map((p) => p.nextWakeAt()),
        ...this.extras.map((e) => e.nextWakeAt()),
      ]
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
