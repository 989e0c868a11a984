import { describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { serverProcessesAfterEach } from '../helpers/serverProcesses.js'
import { exited, listening, spawnServer } from '../helpers/startCommand.js'

const UNDO_SECONDS = 4

const { children, peerAndDataDir, watch } = serverProcessesAfterEach()

/** The real server in its own process, as `npm start` runs it; resolves with its address once it listens. */
async function startServer(dataDir: string, smtpUrl: string) {
  const server = spawnServer({
    DATA_DIR: dataDir,
    SMTP_URL: smtpUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'info',
    SESSION_SECRET: 'c'.repeat(40),
    SEND_UNDO_SECONDS: String(UNDO_SECONDS),
  })
  children.add(server.child)
  return { ...server, url: await listening(server) }
}

describe('a process killed inside the undo window', () => {
  it('sends the queued note after the restart, exactly once', async () => {
    const { peer, dataDir } = await peerAndDataDir()

    // The account, the interview and an API token are written by an in-process app on the same data directory.
    const setup = await createTestApp({ dataDir, clock: new TestClock(Date.now()), scheduler: false })
    const agent = await signUp(setup.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
    const token = await createToken(agent)
    const seed = seedDebrief(setup.app, userIdOf(setup.app, 'ada@example.com'), {
      interviewers: [{ name: 'Grace Hopper', email: 'grace@example.com' }],
    })
    // Only the note is under test: no reminder is due meanwhile.
    setup.app.db.prepare("UPDATE reminders SET state = 'cancelled'").run()
    await setup.close()

    const db = watch(dataDir)
    const queue = () => db.prepare('SELECT state, attempts FROM outgoing_drafts').all()
    const toGrace = () => peer.received.filter((m) => m.envelope.to.includes('grace@example.com'))

    const first = await startServer(dataDir, peer.url)
    const sent = await fetch(
      `${first.url}/api/v1/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/notes/thank_you/send`,
      { method: 'POST', headers: { authorization: `Bearer ${token}` } },
    )
    expect(sent.status).toBe(200)
    first.child.kill('SIGKILL')
    await exited(first.child)
    expect(first.child.signalCode).toBe('SIGKILL')
    expect(queue()).toEqual([{ state: 'queued', attempts: 0 }])
    expect(peer.received).toHaveLength(0)

    const second = await startServer(dataDir, peer.url)
    const end = Date.now() + (UNDO_SECONDS + 10) * 1000
    while (Date.now() < end && toGrace().length === 0) await new Promise((r) => setTimeout(r, 50))
    expect(toGrace(), second.output()).toHaveLength(1)
    // Another pass, and another restart, send nothing more.
    second.child.kill('SIGTERM')
    await exited(second.child)
    expect(second.child.exitCode).toBe(0)
    const third = await startServer(dataDir, peer.url)
    await new Promise((r) => setTimeout(r, 500))
    third.child.kill('SIGTERM')
    await exited(third.child)
    expect(toGrace()).toHaveLength(1)
    expect(queue()).toEqual([{ state: 'sent', attempts: 1 }])
    expect(toGrace()[0]!.parsed.from?.value).toEqual([
      { name: 'Ada Lovelace via Debrief', address: 'debrief@localhost' },
    ])
  }, 45_000)
})
