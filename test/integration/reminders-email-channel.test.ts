import { createHmac } from 'node:crypto'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import { createToken, signUp } from '../helpers/agent.js'
import type { TestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import {
  HOUR,
  insertInterview,
  ONLY_RESEARCH,
  reminderRow,
  setReminderSettings,
} from '../helpers/fixtures.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const { app, httpPeer: peer } = reminderHarness()
const ZONE = 'America/New_York'

const mailCount = (app: TestApp, userId: number) =>
  app.db.prepare('SELECT count(*) FROM mailbox WHERE user_id = ?').pluck().get(userId) as number
const channelsOf = (app: TestApp, userId: number) =>
  app.db
    .prepare(
      'SELECT channel, state, reminder_id IS NOT NULL AS reminder, nudge_id IS NOT NULL AS nudge FROM reminder_deliveries WHERE user_id = ? ORDER BY id',
    )
    .all(userId) as { channel: string; state: string; reminder: number; nudge: number }[]

describe('e-mail as one channel among others', () => {
  it('refuses to turn e-mail off with no other channel, then sends only to the webhook once it is off', async () => {
    const receiver = await peer()
    const ctx = await app({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const user = reminderUser(ctx.app, { email: 'ada@example.com', name: 'Ada' })
    const access = ownerAccess(user.id)
    const input = { leads: [], researchEnabled: true, overdueEnabled: false, quietHours: null, email: null }

    const refused = ctx.app.services.reminders.saveSettings(access, { ...input, emailEnabled: false })
    expect(refused).toMatchObject({
      ok: false,
      error: 'invalid',
      fields: { emailEnabled: /another channel/ },
    })
    expect(ctx.app.repos.reminders.settings(user.id).emailEnabled).toBe(true)

    ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())
    const saved = ctx.app.services.reminders.saveSettings(access, { ...input, emailEnabled: false })
    expect(saved).toMatchObject({ ok: true, value: { settings: { emailEnabled: false } } })
    // Saving without the switch (an older client) leaves it off.
    ctx.app.services.reminders.saveSettings(access, input)
    expect(ctx.app.repos.reminders.settings(user.id).emailEnabled).toBe(false)
    // A read-only actor changes nothing.
    const coach = { ...access, actorId: 99, role: 'coach' as const, mayWrite: false }
    expect(ctx.app.services.reminders.saveSettings(coach, input)).toMatchObject({
      ok: false,
      error: 'forbidden',
    })

    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
    await pass(ctx)
    await pass(ctx)
    expect(receiver.received).toHaveLength(1)
    expect(mailCount(ctx.app, user.id)).toBe(0)
    expect(channelsOf(ctx.app, user.id)).toEqual([
      { channel: 'webhook', state: 'sent', reminder: 1, nudge: 0 },
    ])
    const [view] = ctx.app.repos.reminders.listForInterview(user.id, id)
    expect(view).toMatchObject({ state: 'sent', channels: [{ channel: 'webhook', state: 'sent' }] })
  })

  it('skips a reminder that comes due when no channel is on, saying why', async () => {
    const receiver = await peer()
    const ctx = await app({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const user = reminderUser(ctx.app, { email: 'ada@example.com' })
    ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())
    setReminderSettings(ctx.app, user.id, { emailEnabled: false })
    ctx.app.repos.reminderWebhooks.remove(user.id)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ claimed: 0, skipped: 1 })
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'skipped' })
    expect(reminderRow(ctx.app, id, 'research').last_error).toMatch(/no channel was on/)
    expect(receiver.received).toHaveLength(0)
  })

  it('a webhook answering 500 retries on its own while the e-mail is sent once, on time', async () => {
    const receiver = await peer()
    receiver.answerNext(500)
    const ctx = await app({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const user = reminderUser(ctx.app, { email: 'ada@example.com' })
    ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, id, 'research').due_at
    ctx.clock.set(due)
    expect(await pass(ctx)).toMatchObject({ claimed: 2, sent: 1, retrying: 1 })
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'sent', sent_at: due, attempts: 1 })
    expect(ctx.app.repos.reminders.listForInterview(user.id, id)[0]!.state).toBe('pending')
    const health = await ctx.app.inject({ method: 'GET', url: '/healthz' })
    expect(health.json().deliveries).toEqual([{ channel: 'webhook', state: 'pending', count: 1 }])
    ctx.clock.advance(2 * 60_000)
    expect(await pass(ctx)).toMatchObject({ claimed: 1, sent: 1 })
    expect(mailCount(ctx.app, user.id)).toBe(1)
    expect(receiver.received).toHaveLength(2)
    expect(ctx.app.repos.reminders.listForInterview(user.id, id)[0]!.state).toBe('sent')
  })
})

describe('retrying one channel through the API', () => {
  it('shows a refused webhook as the failed channel and sends only it again, leaving the sent e-mail alone', async () => {
    const receiver = await peer()
    receiver.answerNext(400)
    const ctx = await app({ env: { WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone: 'UTC' })
    const token = await createToken(agent)
    const user = ctx.app.repos.users.findByEmail('ada@example.com')!
    setReminderSettings(ctx.app, user.id, ONLY_RESEARCH)
    ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ sent: 1, failed: 1 })
    const api = (method: 'GET' | 'POST', url: string) =>
      ctx.app.inject({ method, url, headers: { authorization: `Bearer ${token}` } })
    const listed = (await api('GET', `/api/v1/interviews/${id}/reminders`)).json().reminders[0]
    expect(listed.state).toBe('failed')
    const webhook = listed.channels.find((c: { channel: string }) => c.channel === 'webhook')
    expect(listed.channels.map((c: { channel: string; state: string }) => `${c.channel}:${c.state}`)).toEqual(
      ['email:sent', 'webhook:failed'],
    )
    const retried = await api('POST', `/api/v1/reminders/deliveries/${webhook.deliveryId}/retry`)
    expect(retried.statusCode).toBe(200)
    expect(retried.json().reminders[0].channels[1]).toMatchObject({ channel: 'webhook', state: 'pending' })
    expect((await api('POST', `/api/v1/reminders/deliveries/${webhook.deliveryId}/retry`)).statusCode).toBe(
      404,
    )
    await pass(ctx)
    expect(receiver.received).toHaveLength(2)
    expect(mailCount(ctx.app, user.id)).toBe(1)
    expect((await api('GET', `/api/v1/interviews/${id}/reminders`)).json().reminders[0].state).toBe('sent')
  })
})

describe('the daily study reminder on every channel', () => {
  const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis()

  it('goes once a day to the e-mail and the webhook, signed, and not on a day with nothing due', async () => {
    const receiver = await peer()
    const ctx = await app({
      clock: new TestClock(local('2026-03-02T12:00')),
      env: { WEBHOOK_ALLOW_PRIVATE: 'true', BASE_URL: 'https://debrief.example.com' },
    })
    const user = reminderUser(
      ctx.app,
      { email: 'ada@example.com', name: 'Ada', timeZone: ZONE },
      {
        leads: [],
        researchEnabled: false,
        overdueEnabled: false,
        quietHours: null,
      },
    )
    const secret = ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())!
    const interviewId = pastInterview(ctx.app, user.id)
    addQuestion(ctx.app, user.id, interviewId, { text: 'What is Kerberos?' })
    ctx.app.services.reminders.saveStudyReminder(ownerAccess(user.id), { enabled: true, minute: 19 * 60 })

    ctx.clock.set(local('2026-03-02T19:00'))
    await pass(ctx)
    await pass(ctx)
    ctx.clock.set(local('2026-03-02T21:00'))
    await pass(ctx)
    expect(receiver.received).toHaveLength(1)
    const request = receiver.received[0]!
    const body = JSON.parse(request.body.toString('utf8'))
    expect(body).toMatchObject({ event: 'study', kind: 'study', click: 'https://debrief.example.com/study' })
    expect(body.title).toBe('1 study card is due')
    const timestamp = String(request.headers['x-debrief-timestamp'])
    expect(request.headers['x-debrief-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(request.body).digest('hex')}`,
    )
    expect(channelsOf(ctx.app, user.id)).toEqual([
      { channel: 'email', state: 'sent', reminder: 0, nudge: 1 },
      { channel: 'webhook', state: 'sent', reminder: 0, nudge: 1 },
    ])
    expect(mailCount(ctx.app, user.id)).toBe(1)

    // The question is deleted, and its card with it: nothing is due the next evening, so no channel hears anything.
    ctx.app.db.prepare('DELETE FROM questions WHERE user_id = ?').run(user.id)
    ctx.clock.set(local('2026-03-03T19:00'))
    await pass(ctx)
    expect(receiver.received).toHaveLength(1)
    expect(mailCount(ctx.app, user.id)).toBe(1)
    expect(channelsOf(ctx.app, user.id)).toHaveLength(2)
  })
})
