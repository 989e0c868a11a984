import fp from 'fastify-plugin'
import { buildDispatcher } from '../scheduler/build.js'
import type { ReminderDispatcher } from '../scheduler/dispatcher.js'
import { type NotificationTests, notificationTests } from '../scheduler/notificationTests.js'
import { resolveVapidKeys, type VapidKeys } from '../vapidKeys.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends due reminders; `runDuePass()` runs one pass now. */
    reminderDispatcher: ReminderDispatcher
    /** false when built with `scheduler: false`: passes run only when called. */
    schedulerEnabled: boolean
    /** Web Push: the key pair and contact this install signs with. */
    vapid: VapidKeys & { subject: string }
    /** Outbound policy for webhooks and push endpoints (WEBHOOK_ALLOW_PRIVATE). */
    outboundPolicy: { allowPrivate: boolean }
    /** Sends a test notification to one push subscription or the user's webhook. */
    notificationTests: NotificationTests
  }
}

export interface SchedulerOptions {
  /** Overrides REMINDER_LEASE_SECONDS. */
  leaseMs?: number
  batchSize?: number
  /** The every-minute node-cron task (default true). */
  cron?: boolean
  /** The timer to the next due row, for precision below a minute (default true). */
  precisionTimer?: boolean
  /** How long closing the app lets in-flight sends finish before aborting them (default 5 s). */
  stopGraceMs?: number
}

export interface SchedulerPluginOptions {
  /** false: no cron task, no timer, no start-up pass (tests drive passes with runDuePass). */
  scheduler?: false | SchedulerOptions | undefined
}

export default fp<SchedulerPluginOptions>(
  async (app, opts) => {
    const settings = opts.scheduler === false ? {} : (opts.scheduler ?? {})
    const { config, repos, clock } = app
    const vapid = {
      ...resolveVapidKeys(
        { publicKey: config.vapidPublicKey, privateKey: config.vapidPrivateKey },
        config.dataDir,
      ),
      subject: config.vapidSubject,
    }
    const policy = { allowPrivate: config.webhookAllowPrivate }
    const now = () => clock.now()
    const dispatcher = buildDispatcher({
      repos,
      mailer: app.mailer,
      clock,
      log: app.log.child({ component: 'reminders' }),
      baseUrl: config.baseUrl,
      leaseMs: settings.leaseMs ?? config.reminderLeaseMs,
      ...(settings.batchSize ? { batchSize: settings.batchSize } : {}),
      vapid,
      policy,
    })
    app.decorate('vapid', vapid)
    app.decorate('outboundPolicy', policy)
    app.decorate(
      'notificationTests',
      notificationTests({
        push: { subscriptions: repos.pushSubscriptions, vapid, policy, now },
        webhooks: repos.reminderWebhooks,
        policy,
        baseUrl: config.baseUrl,
      }),
    )
    app.decorate('reminderDispatcher', dispatcher)
    app.decorate('schedulerEnabled', opts.scheduler !== false)
    if (opts.scheduler !== false) {
      // The first pass runs at start-up: it sends whatever came due while the app was down.
      app.addHook('onReady', async () => {
        dispatcher.start({ cron: settings.cron ?? true, precisionTimer: settings.precisionTimer ?? true })
      })
    }
    // preClose runs while the database is still open, so a pass in flight can record its outcome.
    app.addHook('preClose', async () => dispatcher.stop(settings.stopGraceMs))
  },
  { name: 'scheduler', dependencies: ['config', 'db', 'mailer'] },
)
