import { describe, expect, it } from 'vitest'
import { TestClock } from '../helpers/clock.js'
import {
  claimDueEmail,
  deleteInterview,
  HOUR,
  insertInterview,
  MINUTE,
  reminderRow,
  reminderRows,
  updateInterview,
} from '../helpers/fixtures.js'
import { pass, type ReminderCtx, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'
import { SmtpPeer } from '../helpers/smtp.js'

const { app, holdingPeer, startPeer, sharedDir } = reminderHarness()
const messageIdOf = (raw: string) => /^Message-ID:\s*(.+)$/im.exec(raw)?.[1]?.trim()
// A one-minute lease (more than three 10 s SMTP timeouts), so the test clock can expire it mid-send.
const LEASE_ENV = { REMINDER_LEASE_SECONDS: '60', SMTP_TIMEOUT_SECONDS: '10' }

/**
 * Ada's interview ending now, with one deadline reminder `lead` minutes ahead, the overdue notice, the research
 * nudge if asked and no quiet hours; and its deadline.
 */
function endingNow(ctx: ReminderCtx, lead: number, researchEnabled: boolean) {
  const user = reminderUser(
    ctx.app,
    { email: 'ada@example.com' },
    { leads: [lead], researchEnabled, overdueEnabled: true, quietHours: null },
  )
  const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
  return { id, deadline: ctx.clock.now() + 24 * HOUR }
}

describe('reminder sends racing other changes', () => {
  it("does not let a sender whose lease was taken over record 'sent' over the new owner's claim", async () => {
    const peer = await holdingPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    // Two processes on one database file.
    const a = await app({ dataDir, clock, mailTransport: peer.url, env: LEASE_ENV })
    const b = await app({ dataDir, clock, mailTransport: peer.url, env: LEASE_ENV })
    const user = reminderUser(a.app, { email: 'ada@example.com' })
    const id = insertInterview(a.app, user.id, { endsAt: clock.now() })
    clock.advance(HOUR)

    const first = pass(a)
    await peer.waitForHeld(1)
    expect(reminderRow(a.app, id, 'research')).toMatchObject({ state: 'sending', attempts: 1 })
    // A's server is slow to answer; its lease runs out and B takes the row over.
    clock.advance(61_000)
    const second = pass(b)
    await peer.waitForHeld(2)
    const taken = reminderRow(b.app, id, 'research')
    expect(taken).toMatchObject({ state: 'sending', attempts: 2, lease_until: clock.now() + 60_000 })

    // A's send succeeds late: its outcome must not touch B's claim.
    peer.held[0]!.release()
    expect(await first).toMatchObject({ claimed: 1 })
    expect(reminderRow(a.app, id, 'research')).toEqual(taken)

    // B's attempt is refused for now: B's outcome is the one recorded, and it retries.
    peer.held[1]!.release(451)
    expect(await second).toMatchObject({ reclaimed: 1, claimed: 1, retrying: 1 })
    const retrying = reminderRow(b.app, id, 'research')
    expect(retrying).toMatchObject({ state: 'pending', attempts: 2, sent_at: null })
    expect(retrying.last_error).toContain('451')

    clock.set(retrying.next_attempt_at)
    const third = pass(b)
    await peer.waitForHeld(3)
    peer.held[2]!.release()
    expect(await third).toMatchObject({ sent: 1 })
    const sent = reminderRow(b.app, id, 'research')
    expect(sent).toMatchObject({ state: 'sent', attempts: 3, sent_at: clock.now() })
    // At worst a duplicate, recognisable by its Message-ID.
    expect(peer.accepted).toHaveLength(2)
    expect(new Set(peer.accepted.map(messageIdOf))).toEqual(new Set([sent.message_id]))
  })

  it('cancels at send time a reminder whose interview was followed up or closed while a crashed claim held it', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url, env: LEASE_ENV })
    const user = reminderUser(ctx.app, { email: 'ada@example.com' })
    const done = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now(), company: 'Done Inc' })
    const offer = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now(), company: 'Offer Ltd' })
    ctx.clock.advance(HOUR)
    // A process claims both and dies before sending.
    expect(claimDueEmail(ctx.app, ctx.clock.now(), ctx.clock.now() + 60_000, 10)).toHaveLength(2)
    updateInterview(ctx.app, done, { followUpState: 'done' })
    updateInterview(ctx.app, offer, { outcome: 'offer' })
    // A row being sent is not the planner's to cancel: it is decided when the send is retried.
    expect(reminderRow(ctx.app, done, 'research').state).toBe('sending')
    expect(reminderRow(ctx.app, offer, 'research').state).toBe('sending')

    ctx.clock.advance(60_000)
    expect(await pass(ctx)).toMatchObject({ reclaimed: 2, claimed: 2, cancelled: 2, sent: 0 })
    expect(reminderRows(ctx.app, done).map((r) => r.state)).toEqual(['cancelled'])
    expect(reminderRows(ctx.app, offer).map((r) => r.state)).toEqual(['cancelled'])
    ctx.clock.advance(HOUR)
    await pass(ctx)
    expect(peer.attempts).toBe(0)
  })

  it('finishes a send whose interview was deleted meanwhile without bringing its reminder back', async () => {
    const peer = await holdingPeer()
    const ctx = await app({ mailTransport: peer.url, env: LEASE_ENV })
    const user = reminderUser(ctx.app, { email: 'ada@example.com' })
    const gone = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now(), company: 'Gone plc' })
    const kept = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() + MINUTE, company: 'Kept' })
    ctx.clock.advance(HOUR)

    const running = pass(ctx)
    await peer.waitForHeld(1)
    deleteInterview(ctx.app, gone)
    expect(reminderRows(ctx.app, gone)).toEqual([])
    peer.held[0]!.release()
    expect(await running).toMatchObject({ claimed: 1 })
    expect(reminderRows(ctx.app, gone)).toEqual([])

    ctx.clock.advance(MINUTE)
    const next = pass(ctx)
    await peer.waitForHeld(2)
    peer.held[1]!.release()
    expect(await next).toMatchObject({ sent: 1 })
    expect(reminderRow(ctx.app, kept, 'research').state).toBe('sent')
    expect(peer.accepted).toHaveLength(2)
  })

  it('skips at send time a deadline reminder that comes up only after the deadline, and sends the overdue notice', async () => {
    const peer = await holdingPeer()
    // One row per claim: the next is claimed only after the previous send has finished.
    const ctx = await app({
      mailTransport: peer.url,
      env: LEASE_ENV,
      scheduler: { cron: false, precisionTimer: false, batchSize: 1 },
    })
    await ctx.app.reminderDispatcher.whenIdle()
    const { id, deadline } = endingNow(ctx, 5, true)
    expect(reminderRow(ctx.app, id, 'deadline', 5).due_at).toBe(deadline - 5 * MINUTE)

    // Back after a night down, five minutes before the deadline: the research nudge goes first …
    ctx.clock.set(deadline - 5 * MINUTE)
    const running = pass(ctx)
    await peer.waitForHeld(1)
    // … and its slow send outlasts the deadline.
    ctx.clock.set(deadline + MINUTE)
    peer.held[0]!.release()
    await peer.waitForHeld(2)
    peer.held[1]!.release()
    expect(await running).toMatchObject({ claimed: 3, sent: 2, skipped: 1 })
    const skipped = reminderRow(ctx.app, id, 'deadline', 5)
    expect(skipped).toMatchObject({ state: 'skipped', attempts: 1, sent_at: null })
    expect(skipped.last_error).toMatch(/deadline passed/)
    expect(reminderRow(ctx.app, id, 'overdue').state).toBe('sent')
    expect(peer.held.map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1])).toEqual([
      'Research the questions you missed at Acme',
      'Follow-up with Acme is overdue',
    ])
  })

  it('skips a deadline reminder still retrying when the deadline passes, instead of sending it late', async () => {
    const down = await new SmtpPeer().start()
    const port = down.port
    await down.stop()
    const ctx = await app({ mailTransport: `${down.url}?connectionTimeout=1000` })
    const { id, deadline } = endingNow(ctx, 60, false)

    // The mail server is down for the last hour before the deadline: the reminder keeps retrying.
    ctx.clock.set(deadline - HOUR)
    for (let i = 0; i < 30 && ctx.clock.now() < deadline; i++) {
      expect(await pass(ctx)).toMatchObject({ retrying: 1 })
      ctx.clock.set(reminderRow(ctx.app, id, 'deadline', 60).next_attempt_at)
    }
    expect(ctx.clock.now()).toBeGreaterThanOrEqual(deadline)
    const waiting = reminderRow(ctx.app, id, 'deadline', 60)
    expect(waiting.state).toBe('pending')
    expect(waiting.last_error).toMatch(/ECONNREFUSED/)

    const back = await startPeer(port)
    expect(await pass(ctx)).toMatchObject({ skipped: 1, sent: 1 })
    const row = reminderRow(ctx.app, id, 'deadline', 60)
    expect(row).toMatchObject({ state: 'skipped', attempts: waiting.attempts })
    expect(row.last_error).toMatch(/deadline passed/)
    expect(back.received.map((m) => m.parsed.subject)).toEqual(['Follow-up with Acme is overdue'])
  })
})
