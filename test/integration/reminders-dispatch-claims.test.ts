import { describe, expect, it } from 'vitest'
import { CLAIM_CANDIDATES_SQL } from '../../src/db/reminders.js'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { claimDueEmail, HOUR, insertInterview, MINUTE, NO_QUIET, reminderRow } from '../helpers/fixtures.js'
import { ada, pass, reminderHarness } from '../helpers/reminderHarness.js'

const { app, startPeer, sharedDir } = reminderHarness()

describe('reminder dispatch', () => {
  it('sends once with overlapping passes and a second app instance on the same database file', async () => {
    const peer = await startPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    // One row per claim, so the passes interleave at every send.
    const scheduler = { cron: false, precisionTimer: false, batchSize: 1 }
    const a = await app({ dataDir, clock, mailTransport: peer.url, scheduler })
    const b = await app({ dataDir, clock, mailTransport: peer.url, scheduler })
    await Promise.all([a.app.reminderDispatcher.whenIdle(), b.app.reminderDispatcher.whenIdle()])
    const user = ada(a, NO_QUIET)
    const ids = [0, 1, 2, 3, 4, 5, 6, 7].map((i) =>
      insertInterview(a.app, user.id, { endsAt: clock.now() + i * MINUTE, company: `Co${i}` }),
    )
    clock.advance(30 * HOUR)
    // Past every deadline: only the overdue notices remain to send, one per interview.
    const results = await Promise.all([pass(a), pass(a), pass(b), pass(b), pass(a)])
    await Promise.all([pass(a), pass(b)])
    expect(results.filter((r) => r.sent > 0).length).toBeGreaterThan(1)
    expect(peer.received).toHaveLength(8)
    expect(new Set(peer.received.map((m) => m.parsed.messageId)).size).toBe(8)
    for (const id of ids)
      expect(reminderRow(a.app, id, 'overdue')).toMatchObject({ state: 'sent', attempts: 1 })
  })

  it('reclaims a row left in sending only once its lease expires, and fences the stale claim', async () => {
    const peer = await startPeer()
    const leaseMs = 5 * MINUTE
    const ctx = await app({ mailTransport: peer.url, scheduler: false })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.advance(HOUR)
    // A process claims the row and dies before sending.
    const [stale] = claimDueEmail(ctx.app, ctx.clock.now(), ctx.clock.now() + leaseMs, 10)
    expect(stale).toBeDefined()
    ctx.clock.advance(leaseMs - 1)
    expect((await pass(ctx)).claimed).toBe(0)
    expect(reminderRow(ctx.app, id, 'research').state).toBe('sending')
    ctx.clock.advance(1)
    expect(await pass(ctx)).toMatchObject({ reclaimed: 1, sent: 1 })
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'sent', attempts: 2 })
    // The dead claim's late outcome changes nothing.
    expect(ctx.app.repos.reminderDeliveries.markFinal(stale!, 'failed', 'late', ctx.clock.now())).toBe(false)
    expect(ctx.app.repos.reminderDeliveries.markRetry(stale!, 'late', ctx.clock.now(), ctx.clock.now())).toBe(
      false,
    )
    expect(reminderRow(ctx.app, id, 'research').state).toBe('sent')
    expect(peer.received).toHaveLength(1)
  })

  it('waits for an in-flight send when the app closes, and leaves the row ready to send again', async () => {
    const peer = await startPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    const ctx = await createTestApp({
      dataDir,
      clock,
      mailTransport: `${peer.url}?socketTimeout=20000`,
      scheduler: { cron: false, precisionTimer: false, stopGraceMs: 200 },
    })
    await ctx.app.reminderDispatcher.whenIdle()
    const user = ada(ctx)
    // Planned three hours ago, so its research nudge is already due.
    const id = insertInterview(
      ctx.app,
      user.id,
      { endsAt: clock.now() - 90 * MINUTE },
      clock.now() - 3 * HOUR,
    )
    peer.next({ kind: 'stall' })
    const running = ctx.app.reminderDispatcher.runDuePass()
    // Until the server holds the message: 'sending' alone may still be before DATA, and a slow
    // machine would then abort the connection before the stall is used, leaving it for the next send.
    for (let i = 0; i < 1_000 && peer.attempts === 0; i++) await new Promise((r) => setTimeout(r, 20))
    expect(reminderRow(ctx.app, id, 'research').state).toBe('sending')

    const started = Date.now()
    await ctx.close()
    expect(await running).toMatchObject({ retrying: 1 })
    expect(Date.now() - started).toBeLessThan(5_000)

    const reopened = await app({ dataDir, clock, mailTransport: peer.url })
    const row = reminderRow(reopened.app, id, 'research')
    expect(row).toMatchObject({ state: 'pending', next_attempt_at: clock.now() })
    expect(row.last_error).toMatch(/shutdown/i)
    expect(await pass(reopened)).toMatchObject({ sent: 1 })
    expect(peer.received).toHaveLength(1)
  })

  it('claims with a range scan of the partial index', async () => {
    const ctx = await app()
    const plan = ctx.app.db
      .prepare(`EXPLAIN QUERY PLAN ${CLAIM_CANDIDATES_SQL}`)
      .all({ now: 0, limit: 5 }) as { detail: string }[]
    expect(plan.map((p) => p.detail).join('\n')).toMatch(
      /USING INDEX reminders_claimable \(next_attempt_at<\?\)/,
    )
  })
})
