import { describe, expect, it } from 'vitest'
import { CLAIM_CANDIDATES_SQL } from '../../src/db/reminders.js'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import {
  addInterviewer,
  addQuestion,
  claimDueEmail,
  deleteInterview,
  HOUR,
  insertInterview,
  MINUTE,
  reminderRow,
  reminderRows,
  updateInterview,
} from '../helpers/fixtures.js'
import { ada, pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { app, startPeer, sharedDir } = reminderHarness()

const NO_QUIET = { quietHours: null }

describe('reminder dispatch', () => {
  it('sends a reminder exactly once at its due time and not a second earlier', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, id, 'research').due_at
    expect(due).toBe(ctx.clock.now() + HOUR)

    ctx.clock.set(due - 1)
    expect((await pass(ctx)).claimed).toBe(0)
    expect(peer.received).toHaveLength(0)

    ctx.clock.set(due)
    expect(await pass(ctx)).toMatchObject({ claimed: 1, sent: 1 })
    const row = reminderRow(ctx.app, id, 'research')
    expect(row).toMatchObject({
      state: 'sent',
      attempts: 1,
      sent_at: due,
      message_id: `<reminder-${row.id}.${ctx.app.repos.reminders.messageKey(row.id)}@127.0.0.1>`,
    })

    await pass(ctx)
    ctx.clock.advance(3 * HOUR)
    await pass(ctx)
    expect(peer.received).toHaveLength(1)
    const mail = peer.received[0]!
    expect(mail.parsed.messageId).toBe(
      `<reminder-${row.id}.${ctx.app.repos.reminders.messageKey(row.id)}@127.0.0.1>`,
    )
    // To is exactly one address, in the header and in the SMTP envelope.
    expect(mail.envelope.to).toEqual(['ada@example.com'])
    const to = Array.isArray(mail.parsed.to) ? mail.parsed.to : [mail.parsed.to]
    expect(to.flatMap((t) => t?.value ?? []).map((a) => a.address)).toEqual(['ada@example.com'])
    expect(mail.parsed.cc).toBeUndefined()
    expect(mail.parsed.bcc).toBeUndefined()
  })

  it('says what is still to do, with the deadline in the user zone and links, escaping HTML', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url, env: { BASE_URL: 'https://debrief.example.com' } })
    const user = reminderUser(
      ctx.app,
      { email: 'ada@example.com', name: 'Ada', timeZone: 'America/New_York' },
      {
        leads: [240],
        researchEnabled: false,
        overdueEnabled: false,
        quietHours: null,
      },
    )
    const endsAt = Date.parse('2026-03-02T15:00:00Z')
    const id = insertInterview(ctx.app, user.id, {
      endsAt,
      company: 'Acme <b>&</b> Co',
      role: 'Security Analyst',
    })
    addQuestion(ctx.app, user.id, id, { text: 'How does TLS 1.3 resumption work?', confidence: 'missed' })
    addQuestion(ctx.app, user.id, id, { text: 'Explain <script>CSP</script>', confidence: 'shaky' })
    addQuestion(ctx.app, user.id, id, { text: 'Already researched', confidence: 'missed', researched: true })
    addQuestion(ctx.app, user.id, id, { text: 'Nailed it', confidence: 'nailed' })
    addInterviewer(ctx.app, user.id, id, { name: 'Grace Hopper', title: 'Staff Engineer' })
    addInterviewer(ctx.app, user.id, id, { name: 'Alan Turing', thanked: true })

    ctx.clock.set(endsAt + 20 * HOUR)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    const mail = peer.received[0]!.parsed
    expect(mail.subject).toBe('4 h left to follow up with Acme <b>&</b> Co (Security Analyst)')
    const text = mail.text ?? ''
    expect(text).toContain('How does TLS 1.3 resumption work?')
    expect(text).toContain('Explain <script>CSP</script>')
    expect(text).not.toContain('Already researched')
    expect(text).not.toContain('Nailed it')
    expect(text).toContain('Grace Hopper, Staff Engineer')
    expect(text).not.toContain('Alan Turing')
    // 15:00 UTC + 24 h = 10:00 in New York, the same day as the reminder (06:00 there).
    expect(text).toContain('Deadline: Today 10:00, your time (4 h left)')
    expect(text).toContain(`https://debrief.example.com/interviews/${id}`)
    expect(text).toContain(`https://debrief.example.com/interviews/${id}/drafts`)
    const html = String(mail.html)
    expect(html).toContain('Acme &lt;b&gt;&amp;&lt;/b&gt; Co')
    expect(html).toContain('Explain &lt;script&gt;CSP&lt;/script&gt;')
    expect(html).not.toContain('<script>')
    expect(html).toContain(`href="https://debrief.example.com/interviews/${id}/drafts"`)
  })

  it('catches up after the app was down across the due time', async () => {
    const peer = await startPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    const first = await createTestApp({ dataDir, clock, scheduler: false, mailTransport: peer.url })
    const user = ada(first)
    const id = insertInterview(first.app, user.id, { endsAt: clock.now() })
    await first.close()

    clock.advance(3 * HOUR)
    // Built with the scheduler on (no cron, no timer): the start-up pass alone must send it.
    const second = await app({
      dataDir,
      clock,
      mailTransport: peer.url,
      scheduler: { cron: false, precisionTimer: false },
    })
    await second.app.reminderDispatcher.whenIdle()
    expect(peer.received).toHaveLength(1)
    expect(reminderRow(second.app, id, 'research')).toMatchObject({ state: 'sent', sent_at: clock.now() })
  })

  it('sends only the overdue notice after being down past the deadline, and deletes nothing', async () => {
    const peer = await startPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    const first = await createTestApp({ dataDir, clock, scheduler: false, mailTransport: peer.url })
    const user = ada(first, NO_QUIET)
    const id = insertInterview(first.app, user.id, { endsAt: clock.now() })
    expect(reminderRows(first.app, id).map((r) => r.kind)).toEqual(['research', 'deadline', 'overdue'])
    await first.close()

    clock.advance(25 * HOUR)
    const second = await app({ dataDir, clock, mailTransport: peer.url })
    expect(await pass(second)).toMatchObject({ sent: 1, skipped: 2 })
    const rows = reminderRows(second.app, id)
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['research', 'skipped'],
      ['deadline', 'skipped'],
      ['overdue', 'sent'],
    ])
    expect(peer.received.map((m) => m.parsed.subject)).toEqual(['Follow-up with Acme is overdue'])
  })

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

  it('re-times pending reminders when the interview times change', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx, { leads: [240], researchEnabled: true, overdueEnabled: false, quietHours: null })
    const start = ctx.clock.now()
    const id = insertInterview(ctx.app, user.id, { endsAt: start })
    updateInterview(ctx.app, id, { endsAt: start + 2 * HOUR })
    expect(reminderRows(ctx.app, id).map((r) => [r.kind, r.due_at - start])).toEqual([
      ['research', 3 * HOUR],
      ['deadline', 22 * HOUR],
    ])
    ctx.clock.set(start + HOUR)
    await pass(ctx)
    expect(peer.received).toHaveLength(0)
    ctx.clock.set(start + 3 * HOUR)
    await pass(ctx)
    ctx.clock.set(start + 22 * HOUR)
    await pass(ctx)
    expect(peer.received.map((m) => m.parsed.subject)).toEqual([
      'Research the questions you missed at Acme',
      '4 h left to follow up with Acme (Security Analyst)',
    ])
  })

  it('cancels the reminders of a finished follow-up and removes those of a deleted interview; none is sent', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx, NO_QUIET)
    const start = ctx.clock.now()
    const done = insertInterview(ctx.app, user.id, { endsAt: start, company: 'Done Inc' })
    const closed = insertInterview(ctx.app, user.id, { endsAt: start, company: 'Offer Ltd' })
    const gone = insertInterview(ctx.app, user.id, { endsAt: start, company: 'Gone plc' })
    updateInterview(ctx.app, done, { followUpState: 'done' })
    updateInterview(ctx.app, closed, { outcome: 'offer' })
    deleteInterview(ctx.app, gone)
    expect(reminderRows(ctx.app, done).map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect(reminderRows(ctx.app, closed).map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect(reminderRows(ctx.app, gone)).toEqual([])

    for (let t = 0; t <= 3 * 24; t++) {
      ctx.clock.set(start + t * HOUR)
      await pass(ctx)
    }
    expect(peer.received).toHaveLength(0)
  })

  it('revives cancelled reminders when a follow-up is reopened before they are due', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx, NO_QUIET)
    const start = ctx.clock.now()
    const id = insertInterview(ctx.app, user.id, { endsAt: start })
    updateInterview(ctx.app, id, { followUpState: 'done' })
    ctx.clock.set(start + 2 * HOUR)
    updateInterview(ctx.app, id, { followUpState: 'open' })
    // The research nudge's moment passed while it was cancelled: it stays cancelled.
    expect(reminderRows(ctx.app, id).map((r) => [r.kind, r.state])).toEqual([
      ['research', 'cancelled'],
      ['deadline', 'pending'],
      ['overdue', 'pending'],
    ])
    ctx.clock.set(start + 25 * HOUR)
    await pass(ctx)
    expect(peer.received.map((m) => m.parsed.subject)).toEqual(['Follow-up with Acme is overdue'])
  })

  it('sends each pending reminder once when the clock goes back an hour and then forward three days', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx, { leads: [240, 60], researchEnabled: true, overdueEnabled: true, quietHours: null })
    const start = ctx.clock.now()
    const id = insertInterview(ctx.app, user.id, { endsAt: start })
    ctx.clock.set(start + HOUR)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    ctx.clock.set(start)
    expect((await pass(ctx)).claimed).toBe(0)
    for (let t = start; t <= start + 3 * 24 * HOUR; t += 10 * MINUTE) {
      ctx.clock.set(t)
      await pass(ctx)
    }
    expect(peer.received).toHaveLength(4)
    expect(new Set(peer.received.map((m) => m.parsed.messageId)).size).toBe(4)
    expect(reminderRows(ctx.app, id).map((r) => [r.kind, r.lead, r.state, r.attempts])).toEqual([
      ['research', 0, 'sent', 1],
      ['deadline', 240, 'sent', 1],
      ['deadline', 60, 'sent', 1],
      ['overdue', 0, 'sent', 1],
    ])
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
