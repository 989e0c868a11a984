import { createHmac, timingSafeEqual } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { channelDeliveries as deliveries, mailboxCount } from '../helpers/channelPeers.js'
import { HOUR, insertInterview, MINUTE, reminderRow } from '../helpers/fixtures.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const harness = reminderHarness()
const app = (env: Record<string, string> = {}) => harness.app({ env })
const peer = harness.httpPeer

/** What a receiver does: recompute the HMAC over "<timestamp>.<body>" and compare in constant time. */
function verifies(secret: string, headers: Record<string, unknown>, body: Buffer): boolean {
  const timestamp = String(headers['x-debrief-timestamp'])
  const expected = Buffer.from(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`,
  )
  const given = Buffer.from(String(headers['x-debrief-signature']))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

describe('webhook reminders', () => {
  it('POSTs one signed JSON message per reminder, alongside the e-mail to the Mailbox', async () => {
    const receiver = await peer()
    const ctx = await app({ WEBHOOK_ALLOW_PRIVATE: 'true', BASE_URL: 'https://debrief.example.com' })
    const user = reminderUser(ctx.app, { email: 'ada@example.com', name: 'Ada' })
    const secret = ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/hook'), ctx.clock.now())
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const id = insertInterview(ctx.app, user.id, {
      endsAt: ctx.clock.now(),
      company: 'Acme',
      role: 'Analyst',
    })
    const due = reminderRow(ctx.app, id, 'research').due_at

    ctx.clock.set(due - 1)
    await pass(ctx)
    expect(receiver.received).toHaveLength(0)

    ctx.clock.set(due)
    await pass(ctx)
    await pass(ctx)
    ctx.clock.advance(3 * HOUR)
    await pass(ctx)

    expect(receiver.received).toHaveLength(1)
    expect(mailboxCount(ctx.app)).toBe(1)
    const request = receiver.received[0]!
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/hook')
    expect(verifies(secret!, request.headers, request.body)).toBe(true)
    expect(verifies('another secret', request.headers, request.body)).toBe(false)
    const body = JSON.parse(request.body.toString('utf8'))
    expect(body).toMatchObject({
      event: 'reminder',
      kind: 'research',
      title: 'Research the questions you missed at Acme',
      click: `https://debrief.example.com/interviews/${id}`,
    })
    expect(body.message).toContain('Acme — Analyst')
    // ntfy fills its notification from the JSON body through these templates.
    expect(request.headers['x-template']).toBe('yes')
    expect(request.headers['x-message']).toBe('{{.message}}')
    expect(request.headers['x-debrief-delivery']).toBe(body.id)
    expect(deliveries(ctx.app)).toMatchObject([
      { channel: 'webhook', state: 'sent', attempts: 1, sent_at: due },
    ])
  })

  it('retries a failing webhook with backoff while the e-mail goes out on time', async () => {
    const receiver = await peer()
    receiver.answerNext(500, 503)
    const ctx = await app({ WEBHOOK_ALLOW_PRIVATE: 'true' })
    const user = reminderUser(ctx.app)
    ctx.app.repos.reminderWebhooks.save(user.id, receiver.url('/'), ctx.clock.now())
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, id, 'research').due_at

    ctx.clock.set(due)
    await pass(ctx)
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'sent', sent_at: due })
    expect(deliveries(ctx.app)).toMatchObject([
      { state: 'pending', attempts: 1, next_attempt_at: due + MINUTE },
    ])
    expect(deliveries(ctx.app)[0]!.last_error).toContain('500')

    ctx.clock.set(due + MINUTE - 1)
    await pass(ctx)
    expect(receiver.received).toHaveLength(1)
    ctx.clock.set(due + MINUTE)
    await pass(ctx)
    expect(deliveries(ctx.app)).toMatchObject([
      { state: 'pending', attempts: 2, next_attempt_at: due + 3 * MINUTE },
    ])
    ctx.clock.set(due + 3 * MINUTE)
    await pass(ctx)
    expect(deliveries(ctx.app)).toMatchObject([{ state: 'sent', attempts: 3 }])
    expect(receiver.received).toHaveLength(3)
    expect(mailboxCount(ctx.app)).toBe(1)
  })

  it('never sends to private, loopback or link-local addresses without WEBHOOK_ALLOW_PRIVATE', async () => {
    const receiver = await peer()
    const ctx = await app()
    const targets = [
      ['https://10.0.0.1/hook', '10.0.0.1'],
      ['https://169.254.169.254/latest/meta-data', '169.254.169.254'],
      [`https://[::1]:${receiver.port}/`, '::1'],
      // A name is checked after it is resolved.
      [`https://localhost:${receiver.port}/`, 'localhost resolves to'],
    ] as const
    for (const [url, said] of targets) {
      const user = reminderUser(ctx.app)
      ctx.app.repos.reminderWebhooks.save(user.id, url, ctx.clock.now())
      const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
      ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
      await pass(ctx)
      const row = deliveries(ctx.app).at(-1)!
      expect(row.state, url).toBe('failed')
      expect(row.last_error, url).toContain(said)
      expect(row.last_error, url).toContain('WEBHOOK_ALLOW_PRIVATE')
    }
    expect(receiver.received).toHaveLength(0)
  })
})
