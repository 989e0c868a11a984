import { describe, expect, it } from 'vitest'
import { HOUR, insertInterview, MINUTE, reminderRow } from '../helpers/fixtures.js'
import { ada, pass, reminderHarness } from '../helpers/reminderHarness.js'

const { app, startPeer } = reminderHarness()

describe('reminder dispatch', () => {
  it('retries after 451 three times with backoff and delivers once', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const reject = { kind: 'reject', code: 451, message: 'Try again later', stage: 'data' } as const
    peer.next(reject, reject, reject)

    ctx.clock.advance(HOUR)
    const expectedDelays = [1, 2, 4]
    for (const [i, delay] of expectedDelays.entries()) {
      expect(await pass(ctx)).toMatchObject({ claimed: 1, retrying: 1 })
      const row = reminderRow(ctx.app, id, 'research')
      expect(row).toMatchObject({
        state: 'pending',
        attempts: i + 1,
        next_attempt_at: ctx.clock.now() + delay * MINUTE,
      })
      expect(row.last_error).toContain('451')
      // Nothing happens before the backoff ends.
      ctx.clock.advance(delay * MINUTE - 1)
      expect((await pass(ctx)).claimed).toBe(0)
      ctx.clock.advance(1)
    }
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    expect(peer.received).toHaveLength(1)
    expect(peer.attempts).toBe(4)
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({
      state: 'sent',
      attempts: 4,
      last_error: null,
    })
  })

  it('keeps retrying while the SMTP port is closed for two hours, then delivers once', async () => {
    const first = await startPeer()
    const port = first.port
    const ctx = await app({ mailTransport: `${first.url}?connectionTimeout=1000` })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    await first.stop()

    const down = ctx.clock.now() + HOUR
    ctx.clock.set(down)
    while (ctx.clock.now() < down + 2 * HOUR) {
      await pass(ctx)
      ctx.clock.advance(MINUTE)
    }
    const waiting = reminderRow(ctx.app, id, 'research')
    expect(waiting.state).toBe('pending')
    expect(waiting.last_error).toMatch(/ECONNREFUSED/)
    // 1, 2, 4, 8, 16, 30, 30, 30 … minutes: about ten attempts in two hours, not 120.
    expect(waiting.attempts).toBeGreaterThanOrEqual(8)
    expect(waiting.attempts).toBeLessThanOrEqual(11)

    const back = await startPeer(port)
    for (let i = 0; i < 31 && reminderRow(ctx.app, id, 'research').state !== 'sent'; i++) {
      await pass(ctx)
      ctx.clock.advance(MINUTE)
    }
    await pass(ctx)
    expect(back.received).toHaveLength(1)
    expect(reminderRow(ctx.app, id, 'research').state).toBe('sent')
  })

  it('marks a reminder failed on 550, never tries again, and retries it on request', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    peer.next({ kind: 'reject', code: 550, message: 'No such user', stage: 'rcpt' })

    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ failed: 1 })
    const failed = reminderRow(ctx.app, id, 'research')
    expect(failed).toMatchObject({ state: 'failed', attempts: 1 })
    expect(failed.last_error).toContain('550')
    for (let i = 0; i < 5; i++) {
      ctx.clock.advance(30 * MINUTE)
      await pass(ctx)
    }
    expect(peer.attempts).toBe(1)
    expect(reminderRow(ctx.app, id, 'research').attempts).toBe(1)

    // Retried through the repository here; the page and API are covered in reminders-pages.
    expect(ctx.app.repos.reminders.retry(user.id + 1, failed.id, ctx.clock.now())).toBeUndefined()
    expect(ctx.app.repos.reminders.retry(user.id, failed.id, ctx.clock.now())).toBe(id)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    expect(peer.received).toHaveLength(1)
  })

  it('treats 535 (authentication failed) as temporary', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url.replace('smtp://', 'smtp://debrief:secret@') })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    peer.next({ kind: 'reject', code: 535, message: 'Authentication credentials invalid', stage: 'auth' })

    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ retrying: 1, failed: 0 })
    const row = reminderRow(ctx.app, id, 'research')
    expect(row.state).toBe('pending')
    expect(row.last_error).toContain('535')
    ctx.clock.advance(MINUTE)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    expect(peer.received).toHaveLength(1)
  })

  it('resends with the same Message-ID when the connection drops after DATA: at most two copies', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: `${peer.url}?socketTimeout=500` })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    peer.next({ kind: 'drop-after-data' })

    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ retrying: 1 })
    ctx.clock.advance(MINUTE)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    for (let i = 0; i < 3; i++) {
      ctx.clock.advance(HOUR)
      await pass(ctx)
    }
    const row = reminderRow(ctx.app, id, 'research')
    expect(peer.received.length).toBeGreaterThanOrEqual(1)
    expect(peer.received.length).toBeLessThanOrEqual(2)
    expect(new Set(peer.received.map((m) => m.parsed.messageId))).toEqual(
      new Set([`<reminder-${row.id}.${ctx.app.repos.reminders.messageKey(row.id)}@127.0.0.1>`]),
    )
  })
})
