import { rmSync } from 'node:fs'
import type { User } from '../../src/db/users.js'
import { cleanupAfterEach, createTestApp, type TestApp, tempDir } from './app.js'
import { createUser, ONLY_RESEARCH, setReminderSettings } from './fixtures.js'
import { HoldingSmtpPeer } from './holdingSmtp.js'
import { HttpPeer } from './httpPeer.js'
import { PushPeer } from './pushPeer.js'
import { SmtpPeer } from './smtp.js'

export type ReminderCtx = Awaited<ReturnType<typeof createTestApp>>
type AppOptions = Parameters<typeof createTestApp>[0]

/**
 * Apps without the scheduler (a test runs each reminder pass itself), SMTP, webhook and push peers and data
 * directories, all torn down after each test: apps first, then the peers and directories,
 * since a pooled connection still open would hold a peer's close.
 */
export function reminderHarness(defaults: AppOptions = {}) {
  const cleanups = cleanupAfterEach()
  const stoppedAfterApps = async <Peer extends { stop(): Promise<void> }>(started: Promise<Peer>) => {
    const peer = await started
    cleanups.unshift(() => peer.stop())
    return peer
  }
  return {
    cleanups,
    async app(options: AppOptions = {}): Promise<ReminderCtx> {
      const ctx = await createTestApp({ scheduler: false, ...defaults, ...options })
      cleanups.push(() => ctx.close())
      return ctx
    },
    startPeer: (port?: number): Promise<SmtpPeer> => stoppedAfterApps(new SmtpPeer().start(port)),
    holdingPeer: (): Promise<HoldingSmtpPeer> => stoppedAfterApps(new HoldingSmtpPeer().start()),
    httpPeer: (onRequest?: ConstructorParameters<typeof HttpPeer>[0]): Promise<HttpPeer> =>
      stoppedAfterApps(new HttpPeer(onRequest).start()),
    pushPeer: (): Promise<PushPeer> => stoppedAfterApps(new PushPeer().start()),
    sharedDir(): string {
      const dir = tempDir()
      cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }))
      return dir
    },
  }
}

/** One reminder pass, as the scheduler would run it. */
export const pass = (ctx: { app: TestApp }) => ctx.app.reminderDispatcher.runDuePass()

/** Ada, with the reminder settings given (by default only the research nudge). */
export function ada(ctx: ReminderCtx, settings = ONLY_RESEARCH): User {
  const user = createUser(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
  setReminderSettings(ctx.app, user.id, settings)
  return user
}
