import { describe, expect, it } from 'vitest'
import { reminderReport } from '../../src/cli/reminderReport.js'
import * as format from '../../src/domain/format.js'
import { type Agent, createToken, signUp } from '../helpers/agent.js'
import type { TestApp } from '../helpers/app.js'
import {
  createUser,
  HOUR,
  insertInterview,
  MINUTE,
  ONLY_RESEARCH,
  reminderRow,
  reminderRows,
  setReminderSettings,
} from '../helpers/fixtures.js'
import { type ReminderCtx, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { app, startPeer } = reminderHarness({ env: { SIGNUP: 'open' } })

async function user(ctx: ReminderCtx, email: string, timeZone = 'UTC') {
  const agent = await signUp(ctx.app, { email, name: email.split('@')[0], timeZone })
  const found = ctx.app.repos.users.findByEmail(email)!
  return { agent, user: found }
}

const api = (app: TestApp, token: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) =>
  app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  })

describe('reminder settings page', () => {
  it('is linked from Settings, shows the defaults, saves changes and re-plans open interviews', async () => {
    const ctx = await app()
    const { agent, user: ada } = await user(ctx, 'ada@example.com')
    expect((await agent.get('/settings')).body).toContain('href="/settings/reminders"')
    const id = insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now() + HOUR })
    expect(reminderRows(ctx.app, id).map((r) => `${r.kind}/${r.lead}`)).toEqual([
      'research/0',
      'deadline/240',
      'overdue/0',
    ])

    const page = await agent.get('/settings/reminders')
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/<input type="checkbox" name="leads" value="240" checked>/)
    expect(page.body).toMatch(/name="research" value="on" checked/)
    expect(page.body).toMatch(/name="quiet" value="on" checked/)
    expect(page.body).toContain('value="22:00"')

    const saved = await agent.submit('/settings/reminders', {
      leads: ['720', '60'],
      research: 'on',
      quietStart: '23:00',
      quietEnd: '06:30',
      email: 'alerts@example.com',
    })
    expect(saved.statusCode).toBe(302)
    expect(ctx.app.repos.reminders.settings(ada.id)).toEqual({
      leads: [720, 60],
      researchEnabled: true,
      overdueEnabled: false,
      quietHours: null,
      email: 'alerts@example.com',
      emailEnabled: true,
    })
    expect(reminderRows(ctx.app, id).map((r) => [`${r.kind}/${r.lead}`, r.state])).toEqual([
      ['research/0', 'pending'],
      ['deadline/720', 'pending'],
      ['deadline/240', 'cancelled'],
      ['deadline/60', 'pending'],
      ['overdue/0', 'cancelled'],
    ])
    const after = await agent.get('/settings/reminders')
    expect(after.body).toContain('re-planned')
    expect(after.body).toMatch(/value="720" checked/)
    expect(after.body).toContain('value="alerts@example.com"')
  })

  it('re-renders the form naming each bad field, and refuses a forged form', async () => {
    const ctx = await app()
    const { agent } = await user(ctx, 'ada@example.com')
    const bad = await agent.submit('/settings/reminders', {
      leads: '240',
      quiet: 'on',
      quietStart: '22:00',
      quietEnd: '22:00',
      email: 'one@example.com, two@example.com',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Until must differ from the start')
    expect(bad.body).toContain('Send reminders to must be one e-mail address')
    const leads = await agent.submit('/settings/reminders', { leads: 'soon' })
    expect(leads.statusCode).toBe(400)
    expect(leads.body).toContain('Reminders must be whole minutes')
    const forged = await agent.postForm('/settings/reminders', { leads: '60' })
    expect(forged.statusCode).toBe(403)
  })
})

describe('reminders API', () => {
  it('reads and replaces settings, naming bad fields with 400', async () => {
    const ctx = await app()
    const { agent, user: ada } = await user(ctx, 'ada@example.com', 'Europe/Berlin')
    const token = await createToken(agent)
    const read = await api(ctx.app, token, 'GET', '/api/v1/settings/reminders')
    expect(read.statusCode).toBe(200)
    expect(read.json()).toEqual({
      leads: [240],
      researchEnabled: true,
      overdueEnabled: true,
      quietHours: { start: '22:00', end: '07:00' },
      email: null,
      address: 'ada@example.com',
      emailEnabled: true,
      timeZone: 'Europe/Berlin',
    })

    const body = { leads: [240], researchEnabled: true, overdueEnabled: true, quietHours: null }
    const badLead = await api(ctx.app, token, 'PUT', '/api/v1/settings/reminders', { ...body, leads: [2] })
    expect(badLead.statusCode).toBe(400)
    expect(Object.keys(badLead.json().fields)).toEqual(['leads.0'])
    const sameTimes = await api(ctx.app, token, 'PUT', '/api/v1/settings/reminders', {
      ...body,
      quietHours: { start: '21:00', end: '21:00' },
    })
    expect(sameTimes.statusCode).toBe(400)
    expect(sameTimes.json().fields).toEqual({ 'quietHours.end': expect.stringContaining('must differ') })
    const badClock = await api(ctx.app, token, 'PUT', '/api/v1/settings/reminders', {
      ...body,
      quietHours: { start: '9pm', end: '07:00' },
    })
    expect(badClock.statusCode).toBe(400)
    const missing = await api(ctx.app, token, 'PUT', '/api/v1/settings/reminders', { leads: [60] })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().fields).toMatchObject({ researchEnabled: 'is required' })

    const id = insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now() + HOUR })
    const put = await api(ctx.app, token, 'PUT', '/api/v1/settings/reminders', {
      ...body,
      leads: [60, 720],
      email: 'inbox@example.com',
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toMatchObject({ leads: [720, 60], quietHours: null, address: 'inbox@example.com' })
    expect(
      reminderRows(ctx.app, id)
        .filter((r) => r.state === 'pending')
        .map((r) => `${r.kind}/${r.lead}`),
    ).toEqual(['research/0', 'deadline/720', 'deadline/60', 'overdue/0'])
  })

  it("lists an interview's reminders, and answers 404 for someone else's", async () => {
    const ctx = await app()
    const { agent, user: ada } = await user(ctx, 'ada@example.com')
    const { agent: bobAgent, user: bob } = await user(ctx, 'bob@example.com')
    const adaToken = await createToken(agent)
    const bobToken = await createToken(bobAgent)
    const endsAt = ctx.clock.now() + HOUR
    const id = insertInterview(ctx.app, ada.id, { endsAt })
    insertInterview(ctx.app, bob.id, { endsAt })

    const list = await api(ctx.app, adaToken, 'GET', `/api/v1/interviews/${id}/reminders`)
    expect(list.statusCode).toBe(200)
    expect(
      list
        .json()
        .reminders.map((r: { kind: string; lead: number; state: string; dueAt: string }) => [
          r.kind,
          r.lead,
          r.state,
          r.dueAt,
        ]),
    ).toEqual([
      ['research', 0, 'pending', new Date(endsAt + HOUR).toISOString()],
      ['deadline', 240, 'pending', new Date(endsAt + 20 * HOUR).toISOString()],
      ['overdue', 0, 'pending', new Date(endsAt + 24 * HOUR).toISOString()],
    ])
    const other = await api(ctx.app, bobToken, 'GET', `/api/v1/interviews/${id}/reminders`)
    expect(other.statusCode).toBe(404)
    expect(other.json()).toMatchObject({ error: 'Not Found' })
    expect((await api(ctx.app, adaToken, 'GET', '/api/v1/interviews/99999/reminders')).statusCode).toBe(404)
    expect((await api(ctx.app, adaToken, 'GET', '/api/v1/interviews/abc/reminders')).statusCode).toBe(400)
    const reminderId = list.json().reminders[0].id
    // Only failed reminders can be retried, and only by their owner.
    expect((await api(ctx.app, adaToken, 'POST', `/api/v1/reminders/${reminderId}/retry`)).statusCode).toBe(
      404,
    )
    expect((await api(ctx.app, bobToken, 'POST', `/api/v1/reminders/${reminderId}/retry`)).statusCode).toBe(
      404,
    )
  })
})

describe('failed reminders in the UI', () => {
  it('shows a failed reminder with its error and a CSRF-protected retry button that sends it again', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const { agent, user: ada } = await user(ctx, 'ada@example.com')
    setReminderSettings(ctx.app, ada.id, ONLY_RESEARCH)
    const id = insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now() })
    peer.next({ kind: 'reject', code: 550, message: 'Mailbox unavailable', stage: 'rcpt' })
    ctx.clock.advance(HOUR)
    expect(await ctx.app.reminderDispatcher.runDuePass()).toMatchObject({ failed: 1 })
    const row = reminderRow(ctx.app, id, 'research')

    const partial = await ctx.app.view('partials/interview-reminders', {
      reminders: ctx.app.repos.reminders.listForInterview(ada.id, id),
      user: ada,
      csrf: () => 'token-123',
      fmt: format,
      interview: { id, followUpState: 'open' },
    })
    expect(partial).toContain('Research nudge')
    expect(partial).toContain('failed')
    expect(partial).toContain('550 at RCPT TO')
    expect(partial).toContain(`action="/reminders/${row.id}/retry"`)
    expect(partial).toContain('value="token-123"')
    expect(partial).toContain('Mon 2 Mar 2026, 16:00 (UTC)')

    const list = await agent.get('/reminders')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Mailbox unavailable')
    expect(list.body).toContain(`action="/reminders/${row.id}/retry"`)

    const forged = await agent.postForm(`/reminders/${row.id}/retry`, { back: '/reminders' })
    expect(forged.statusCode).toBe(403)
    const retried = await agent.submit(`/reminders/${row.id}/retry`, { back: '/reminders' }, '/reminders')
    expect(retried.statusCode).toBe(302)
    expect(retried.headers.location).toBe('/reminders')
    expect(reminderRow(ctx.app, id, 'research').state).toBe('pending')
    expect(await ctx.app.reminderDispatcher.runDuePass()).toMatchObject({ sent: 1 })
    expect(peer.received).toHaveLength(1)
    // A second retry of a sent reminder finds nothing to do.
    const again = await agent.submit(`/reminders/${row.id}/retry`, {}, '/reminders')
    expect(again.statusCode).toBe(404)
  })
})

describe('local mailbox', () => {
  async function deliverOne(ctx: ReminderCtx, agent: Agent, userId: number) {
    setReminderSettings(ctx.app, userId, ONLY_RESEARCH)
    const id = insertInterview(ctx.app, userId, { endsAt: ctx.clock.now() })
    ctx.clock.advance(HOUR)
    expect(await ctx.app.reminderDispatcher.runDuePass()).toMatchObject({ sent: 1 })
    const list = await agent.get('/mailbox')
    const match = /href="\/mailbox\/(\d+)"/.exec(list.body)
    return { id, list, messageId: Number(match?.[1]) }
  }

  it('stores reminders when no SMTP server is configured and shows each user only their own', async () => {
    const ctx = await app()
    expect(ctx.app.mailer.kind).toBe('local')
    const { agent, user: ada } = await user(ctx, 'ada@example.com')
    const { agent: bob } = await user(ctx, 'bob@example.com')
    const { id, list, messageId } = await deliverOne(ctx, agent, ada.id)
    expect(list.body).toContain('Research the questions you missed at Acme')

    const message = await agent.get(`/mailbox/${messageId}`)
    expect(message.statusCode).toBe(200)
    // The HTML part, sanitized, is what the page shows.
    expect(message.body).toContain('Your interview with <strong>Acme</strong> for Security Analyst is over.')
    expect(message.body).toContain(`/interviews/${id}/drafts`)
    expect(message.body).toContain('Message-ID')
    const row = reminderRow(ctx.app, id, 'research')
    expect(message.body).toContain(
      `&lt;reminder-${row.id}.${ctx.app.repos.reminders.messageKey(row.id)}@127.0.0.1&gt;`,
    )

    const raw = await agent.get(`/mailbox/${messageId}/raw`)
    expect(raw.statusCode).toBe(200)
    expect(raw.headers['content-type']).toMatch(/^message\/rfc822/)
    expect(raw.headers['content-disposition']).toMatch(/^attachment; filename="debrief-message-\d+\.eml"$/)
    expect(raw.body).toMatch(/\r\nTo: ada <ada@example\.com>\r\n/)
    expect(raw.body.match(/^To:.*$/gm)).toHaveLength(1)
    expect(raw.body).toContain('Subject: Research the questions you missed at Acme')
    expect(raw.body).toContain('Content-Type: text/html')

    expect((await bob.get('/mailbox')).body).toContain('No messages.')
    expect((await bob.get(`/mailbox/${messageId}`)).statusCode).toBe(404)
    expect((await bob.get(`/mailbox/${messageId}/raw`)).statusCode).toBe(404)
    expect((await ctx.app.inject({ url: '/mailbox' })).statusCode).toBe(302)
  })

  it('keeps one copy when the same message is delivered again', async () => {
    const ctx = await app()
    const ada = createUser(ctx.app)
    const mail = {
      userId: ada.id,
      to: { address: ada.email },
      subject: 'Twice',
      text: 'Same message',
      messageId: '<reminder-77@127.0.0.1>',
    }
    await ctx.app.mailer.send(mail)
    await ctx.app.mailer.send(mail)
    expect(ctx.app.repos.mailbox.count(ada.id)).toBe(1)
  })
})

describe('/healthz', () => {
  it('reports scheduler lag and overdue unsent reminders while staying 200', async () => {
    const ctx = await app()
    const health = async () => {
      const response = await ctx.app.inject({ url: '/healthz' })
      expect(response.statusCode).toBe(200)
      return response.json()
    }
    expect(await health()).toMatchObject({
      status: 'ok',
      scheduler: { enabled: false, lastPassAt: null, lagSeconds: null },
      reminders: { overdueUnsent: 0 },
    })
    const ada = reminderUser(ctx.app)
    // Planned long ago and never sent: due half an hour ago.
    insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now() - 90 * MINUTE }, ctx.clock.now() - 3 * HOUR)
    expect((await health()).reminders).toEqual({ overdueUnsent: 1 })

    await ctx.app.reminderDispatcher.runDuePass()
    ctx.clock.advance(90_000)
    expect(await health()).toMatchObject({
      scheduler: { lagSeconds: 90, lastPassAt: new Date(ctx.clock.now() - 90_000).toISOString() },
      reminders: { overdueUnsent: 0 },
    })
  })
})

describe('reminderReport', () => {
  it('lists pending, sending and failed reminders for the admin command, failed first', async () => {
    const ctx = await app()
    expect(reminderReport(ctx.app.db, ctx.clock.now())).toBe('No pending or failed reminders.')
    const ada = createUser(ctx.app, { email: 'ada@example.com' })
    const id = insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now(), company: 'Acme' })
    ctx.app.db
      .prepare("UPDATE reminders SET state = 'failed', last_error = '550 nope' WHERE kind = 'research'")
      .run()
    const report = reminderReport(ctx.app.db, ctx.clock.now() + 30 * HOUR)
    const lines = report.trim().split('\n')
    expect(lines[0]).toBe('1 failed, 2 pending')
    expect(lines[3]).toMatch(
      /^\d+\tfailed\t2026-03-02 16:00\t.*\tada@example\.com\tAcme\tResearch nudge\t550 nope$/,
    )
    expect(lines[4]).toMatch(/pending late\t.*4 h before the deadline/)
    expect(reminderRows(ctx.app, id)).toHaveLength(3)
  })
})
