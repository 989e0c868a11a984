import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { channelDeliveries as deliveries, mailboxCount, subscribePush } from '../helpers/channelPeers.js'
import { TestClock } from '../helpers/clock.js'
import { HOUR, insertInterview, MINUTE, reminderRow } from '../helpers/fixtures.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { app, pushPeer, sharedDir } = reminderHarness({
  env: { WEBHOOK_ALLOW_PRIVATE: 'true', BASE_URL: 'https://debrief.example.com' },
})

describe('Web Push reminders', () => {
  it('delivers an encrypted, VAPID-signed push exactly once, across two processes and a restart', async () => {
    const peer = await pushPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    const a = await app({ dataDir, clock })
    const b = await app({ dataDir, clock })
    // One key pair for the install, generated once into DATA_DIR and readable by its owner only.
    expect(b.app.vapid.publicKey).toBe(a.app.vapid.publicKey)
    expect(statSync(join(dataDir, 'vapid-keys.json')).mode & 0o777).toBe(0o600)

    const user = reminderUser(a.app, { email: 'ada@example.com' })
    subscribePush(a.app, user.id, peer)
    const id = insertInterview(a.app, user.id, { endsAt: clock.now(), company: 'Acme', role: 'Analyst' })
    const due = reminderRow(a.app, id, 'research').due_at

    clock.set(due - 1)
    await Promise.all([pass(a), pass(b)])
    expect(peer.delivered).toHaveLength(0)

    clock.set(due)
    await Promise.all([pass(a), pass(b)])
    await a.close()
    const c = await app({ dataDir, clock })
    clock.advance(3 * HOUR)
    await Promise.all([pass(b), pass(c)])

    expect(peer.rejected).toEqual([])
    expect(peer.delivered).toHaveLength(1)
    const push = peer.delivered[0]!
    expect(push.vapidKey).toBe(a.app.vapid.publicKey)
    expect(push.claims.aud).toBe(peer.origin)
    expect(JSON.parse(push.payload)).toEqual({
      title: 'Research the questions you missed at Acme',
      body: expect.stringContaining('Acme — Analyst'),
      url: `https://debrief.example.com/interviews/${id}`,
      tag: expect.stringMatching(/^debrief-reminder-\d+$/),
    })
    expect(Object.keys(JSON.parse(push.payload)).sort()).toEqual(['body', 'tag', 'title', 'url'])
    expect(deliveries(c.app)).toMatchObject([{ channel: 'push', state: 'sent', attempts: 1 }])
    expect(mailboxCount(c.app)).toBe(1)
  })

  it('retries a push service answering 500 with backoff while the e-mail goes out on time', async () => {
    const peer = await pushPeer()
    peer.answerNext(500)
    const ctx = await app()
    const user = reminderUser(ctx.app)
    subscribePush(ctx.app, user.id, peer)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, id, 'research').due_at

    ctx.clock.set(due)
    await pass(ctx)
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'sent', sent_at: due })
    expect(mailboxCount(ctx.app)).toBe(1)
    expect(deliveries(ctx.app)).toMatchObject([
      { state: 'pending', attempts: 1, next_attempt_at: due + MINUTE },
    ])
    expect(deliveries(ctx.app)[0]!.last_error).toContain('500')
    expect(peer.delivered).toHaveLength(0)

    ctx.clock.set(due + MINUTE)
    await pass(ctx)
    expect(peer.delivered).toHaveLength(1)
    expect(deliveries(ctx.app)).toMatchObject([{ state: 'sent', attempts: 2 }])
    expect(mailboxCount(ctx.app)).toBe(1)
  })

  it('removes a subscription the push service says is gone (410), and the e-mail still goes out', async () => {
    const peer = await pushPeer()
    const ctx = await app()
    const user = reminderUser(ctx.app)
    const { row } = subscribePush(ctx.app, user.id, peer)
    peer.gone.add(row.endpoint)
    const kept = subscribePush(ctx.app, user.id, peer)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
    await pass(ctx)

    expect(ctx.app.repos.pushSubscriptions.list(user.id).map((s) => s.id)).toEqual([kept.row.id])
    const rows = deliveries(ctx.app)
    expect(rows.find((r) => r.target === String(row.id))).toMatchObject({ state: 'failed' })
    expect(rows.find((r) => r.target === String(row.id))!.last_error).toContain('410')
    expect(rows.find((r) => r.target === String(kept.row.id))).toMatchObject({ state: 'sent' })
    expect(peer.delivered).toHaveLength(1)
    expect(mailboxCount(ctx.app)).toBe(1)
  })
})
