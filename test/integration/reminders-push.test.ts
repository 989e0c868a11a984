import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import webPush from 'web-push'
import { channelDeliveries as deliveries, mailboxCount, subscribePush } from '../helpers/channelPeers.js'
import { TestClock } from '../helpers/clock.js'
import {
  addInterviewer,
  addQuestion,
  HOUR,
  insertInterview,
  MINUTE,
  ONLY_RESEARCH,
  reminderRow,
} from '../helpers/fixtures.js'
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

  it('signs with the key pair given by VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY, and writes none into DATA_DIR', async () => {
    const peer = await pushPeer()
    const given = webPush.generateVAPIDKeys()
    const dataDir = sharedDir()
    const ctx = await app({
      dataDir,
      env: {
        WEBHOOK_ALLOW_PRIVATE: 'true',
        BASE_URL: 'https://debrief.example.com',
        VAPID_PUBLIC_KEY: given.publicKey,
        VAPID_PRIVATE_KEY: given.privateKey,
      },
    })
    expect(ctx.app.vapid.publicKey).toBe(given.publicKey)
    const user = reminderUser(ctx.app)
    subscribePush(ctx.app, user.id, peer)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
    await pass(ctx)

    expect(peer.rejected).toEqual([])
    expect(peer.delivered.map((p) => p.vapidKey)).toEqual([given.publicKey])
    expect(existsSync(join(dataDir, 'vapid-keys.json'))).toBe(false)
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

  it.each([
    [410, 'gone'],
    [404, 'unknown'],
  ] as const)(
    'removes a subscription the push service answers %i for, and the e-mail still goes out',
    async (status, set) => {
      const peer = await pushPeer()
      const ctx = await app()
      const user = reminderUser(ctx.app)
      const { row } = subscribePush(ctx.app, user.id, peer)
      peer[set].add(row.endpoint)
      const kept = subscribePush(ctx.app, user.id, peer)
      const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
      ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
      await pass(ctx)

      expect(ctx.app.repos.pushSubscriptions.list(user.id).map((s) => s.id)).toEqual([kept.row.id])
      const rows = deliveries(ctx.app)
      expect(rows.find((r) => r.target === String(row.id))).toMatchObject({ state: 'failed' })
      expect(rows.find((r) => r.target === String(row.id))!.last_error).toContain(String(status))
      expect(rows.find((r) => r.target === String(kept.row.id))).toMatchObject({ state: 'sent' })
      expect(peer.delivered).toHaveLength(1)
      expect(mailboxCount(ctx.app)).toBe(1)
    },
  )

  it('says the time left once in a deadline reminder: the title has it, the line says what is still to do', async () => {
    const peer = await pushPeer()
    const ctx = await app()
    const user = reminderUser(ctx.app, {}, { ...ONLY_RESEARCH, researchEnabled: false, leads: [240] })
    subscribePush(ctx.app, user.id, peer)
    const id = insertInterview(ctx.app, user.id, {
      endsAt: ctx.clock.now(),
      company: 'Acme',
      role: 'Analyst',
    })
    addQuestion(ctx.app, user.id, id, { text: 'What is Kerberoasting?' })
    addQuestion(ctx.app, user.id, id, { text: 'What is DCSync?', confidence: 'shaky' })
    addInterviewer(ctx.app, user.id, id, { name: 'Grace Hopper' })
    addInterviewer(ctx.app, user.id, id, { name: 'Dana Scully' })
    ctx.clock.set(reminderRow(ctx.app, id, 'deadline', 240).due_at)
    await pass(ctx)

    expect(peer.rejected).toEqual([])
    expect(peer.delivered).toHaveLength(1)
    const shown = JSON.parse(peer.delivered[0]!.payload) as { title: string; body: string }
    expect(shown.title).toBe('4 h left to follow up with Acme (Analyst)')
    expect(shown.body).toBe('Research 2 questions and thank Grace Hopper and Dana Scully. Acme — Analyst')
    expect(`${shown.title} ${shown.body}`.match(/left/g)).toHaveLength(1)
  })
})
