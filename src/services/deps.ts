import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import type { OutboundPolicy } from '../domain/netAddress.js'
import type { Mailer } from '../mail/index.js'
import type { TestSends } from './notifications.js'
import type { ImportRunner } from './transfer/importJobs.js'

/** What the services are built from, once per app (src/plugins/services.ts). */
export interface ServiceDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Config
  mailer: Pick<Mailer, 'send' | 'kind'>
  /** Import jobs (their start-up recovery and shutdown are the imports plugin's). */
  imports: ImportRunner
  /** Which push endpoints and webhooks may be saved (WEBHOOK_ALLOW_PRIVATE). */
  outboundPolicy: OutboundPolicy
  /** "Send a test" to a browser or the webhook. */
  testSends: TestSends
  /** Runs the send queue at once; used when there is no undo window. */
  sendNow?: () => Promise<unknown>
}

/** What a service needs that only reads and writes the database (no mail, no import jobs). */
export type StoreDeps = Pick<ServiceDeps, 'db' | 'repos' | 'clock' | 'config'>
