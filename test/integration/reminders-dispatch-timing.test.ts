import { describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import {
  addInterviewer,
  addQuestion,
  deleteInterview,
  HOUR,
  insertInterview,
  MINUTE,
  NO_QUIET,
  reminderRow,
  reminderRows,
  updateInterview,
} from '../helpers/fixtures.js'
import { ada, pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { app, startPeer, sharedDir } = reminderHarness()

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
})
