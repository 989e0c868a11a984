import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { HOUR, insertInterview, MINUTE } from '../helpers/fixtures.js'
import { reminderUser } from '../helpers/reminderUser.js'
import { serverProcessesAfterEach } from '../helpers/serverProcesses.js'
import { exited, spawnServer } from '../helpers/startCommand.js'

const LEASE_SECONDS = 7
const SMTP_TIMEOUT_SECONDS = 2

const { children, peerAndDataDir, watch } = serverProcessesAfterEach()

/** The real server in its own process, as `npm start` runs it, on a free port. */
function startServer(dataDir: string, smtpUrl: string) {
  const server = spawnServer({
    DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    SESSION_SECRET: 'c'.repeat(40),
    REMINDER_LEASE_SECONDS: String(LEASE_SECONDS),
    SMTP_TIMEOUT_SECONDS: String(SMTP_TIMEOUT_SECONDS),
  })
  children.add(server.child)
  return server
}

async function waitFor<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs: number,
  context = () => '',
): Promise<T> {
  const end = Date.now() + timeoutMs
  while (Date.now() < end) {
    const value = probe()
    if (value !== undefined) return value
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`Timed out waiting for ${what}\n${context()}`)
}

interface Row {
  state: string
  attempts: number
  lease_until: number | null
}

describe('a process killed in the middle of sending', () => {
  it('sends nothing while the lease holds, then delivers at least once and at most twice', async () => {
    const { peer, dataDir } = await peerAndDataDir()

    // The schedule is written by an in-process app on the same data directory, on real time.
    const clock = new TestClock(Date.now())
    const setup = await createTestApp({ dataDir, clock, scheduler: false })
    const user = reminderUser(setup.app, { email: 'ada@example.com' })
    // Planned three hours ago, so the research nudge has been due for half an hour.
    insertInterview(setup.app, user.id, { endsAt: clock.now() - 90 * MINUTE }, clock.now() - 3 * HOUR)
    await setup.close()

    const db = watch(dataDir)
    // The research reminder's e-mail delivery carries its sending state.
    const row = () =>
      (db
        .prepare(
          `SELECT d.state, d.attempts, d.lease_until FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
           WHERE r.kind = 'research' AND d.channel = 'email'`,
        )
        .get() as Row | undefined) ?? { state: 'none', attempts: 0, lease_until: null }

    // The peer never answers the message: the child is stuck mid-send when it is killed.
    peer.next({ kind: 'stall' })
    const first = startServer(dataDir, peer.url)
    // Killed once the server has the whole message but has not answered: the worst moment.
    const claimed = await waitFor(
      'the message to reach the SMTP server',
      () => (peer.attempts === 1 && row().state === 'sending' ? row() : undefined),
      12_000,
      first.output,
    )
    first.child.kill('SIGKILL')
    await exited(first.child)
    expect(first.child.signalCode).toBe('SIGKILL')
    expect(row()).toMatchObject({ state: 'sending', attempts: 1 })
    const leaseUntil = claimed.lease_until!

    const second = startServer(dataDir, peer.url)
    // While the dead process's lease holds, nobody sends the reminder again.
    while (Date.now() < leaseUntil - 300) {
      expect(peer.received).toHaveLength(0)
      expect(row().state).toBe('sending')
      await new Promise((r) => setTimeout(r, 100))
    }
    const sent = await waitFor(
      'the reminder to be sent after the lease',
      () => (row().state === 'sent' ? row() : undefined),
      8_000,
      () => `${second.output()}\n${JSON.stringify(row())}`,
    )
    expect(sent.attempts).toBe(2)
    expect(peer.received.length).toBeGreaterThanOrEqual(1)
    expect(peer.received.length).toBeLessThanOrEqual(2)
    expect(new Set(peer.received.map((m) => m.parsed.messageId)).size).toBe(1)
    expect(second.output()).toContain('reclaimed reminders whose send was interrupted')

    second.child.kill('SIGTERM')
    await exited(second.child)
    expect(second.child.exitCode).toBe(0)
  }, 30_000)
})
