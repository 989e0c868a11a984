import { createHmac } from 'node:crypto'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { reminderReportRows } from '../../src/db/reminderReport.js'
import {
  CHANNEL_ENV,
  channelPeers,
  coachDeliveries,
  setWebhook,
  subscribePush,
} from '../helpers/channelPeers.js'
import { TestClock } from '../helpers/clock.js'
import {
  askForReview,
  COACH_ZONE,
  coachAndCandidate,
  coachMailRows,
  followUpOf,
  mailOf,
} from '../helpers/coachMail.js'
import { MINUTE, setReminderSettings } from '../helpers/fixtures.js'
import type { ReceivedRequest } from '../helpers/httpPeer.js'
import { pass, type ReminderCtx, reminderHarness } from '../helpers/reminderHarness.js'

const harness = reminderHarness({ env: CHANNEL_ENV })
const local = (iso: string) => DateTime.fromISO(iso, { zone: COACH_ZONE }).toMillis()
// Before the coach's 08:00 digest, so the review notice is all that goes.
const REVIEW_TIME = local('2026-03-02T07:00')
const hookBody = (request: ReceivedRequest) => JSON.parse(request.body.toString()) as Record<string, unknown>

/** Claims every due coach mail row and stops there, as a process killed in the middle of the hand-off. */
async function crashMidHandOff(ctx: ReminderCtx): Promise<number> {
  const now = ctx.clock.now()
  const claimed = ctx.app.repos.coachDigests.claimDue(now, now + ctx.app.config.reminderLeaseMs, 10)
  await ctx.close()
  return claimed.length
}

/** A coach with e-mail reminders off and one browser subscribed to push, before the day's digest. */
async function pushOnlyCoach() {
  const peers = await channelPeers(harness.cleanups)
  const ctx = await harness.app({ clock: new TestClock(REVIEW_TIME) })
  const { coach, nia } = coachAndCandidate(ctx)
  setReminderSettings(ctx.app, coach.id, { emailEnabled: false })
  subscribePush(ctx.app, coach.id, peers.push)
  return { peers, ctx, coach, nia }
}

describe('coach mail through the coach’s reminder channels', () => {
  it('hands a review request to the coach’s push subscription and webhook exactly once, across a restart mid-hand-off', async () => {
    const peers = await channelPeers(harness.cleanups)
    const dataDir = harness.sharedDir()
    const clock = new TestClock(REVIEW_TIME)
    const first = await harness.app({ dataDir, clock })
    const { coach, nia } = coachAndCandidate(first)
    subscribePush(first.app, coach.id, peers.push)
    const secret = setWebhook(first.app, coach.id, peers.webhook)
    askForReview(first, nia.id)
    expect(await crashMidHandOff(first)).toBe(1)

    // Back up while the dead process's lease still holds: nothing goes twice, nothing goes yet.
    const a = await harness.app({ dataDir, clock })
    await pass(a)
    expect(peers.push.delivered).toHaveLength(0)
    expect(peers.webhook.received).toHaveLength(0)
    expect(coachDeliveries(a.app, coach.id)).toEqual([])

    // The lease expires; two processes on the file pass at once, then again.
    clock.advance(a.app.config.reminderLeaseMs + MINUTE)
    const b = await harness.app({ dataDir, clock })
    await Promise.all([pass(a), pass(b)])
    await Promise.all([pass(a), pass(b)])

    expect(peers.push.rejected).toEqual([])
    expect(peers.push.delivered).toHaveLength(1)
    expect(JSON.parse(peers.push.delivered[0]!.payload)).toEqual({
      title: 'Nia Long asks you to review a thank-you note',
      body: 'The thank-you note to Grace Hopper — Acme (Analyst).',
      url: 'http://127.0.0.1:3000/coach#reviews',
      tag: expect.stringMatching(/^debrief-coach-review-\d+$/),
    })
    expect(peers.webhook.received).toHaveLength(1)
    const hook = peers.webhook.received[0]!
    expect(hookBody(hook)).toMatchObject({
      event: 'coach',
      kind: 'review',
      coachMailId: expect.any(Number),
      title: 'Nia Long asks you to review a thank-you note',
      click: 'http://127.0.0.1:3000/coach#reviews',
    })
    expect(hook.headers['x-debrief-event']).toBe('coach')
    // Signed with the coach's webhook secret over "<timestamp>.<body>".
    const signed = createHmac('sha256', secret)
      .update(`${hook.headers['x-debrief-timestamp']}.`)
      .update(hook.body)
      .digest('hex')
    expect(hook.headers['x-debrief-signature']).toBe(`sha256=${signed}`)
    // E-mail is on by default: the notice is in the coach's Mailbox once, as before.
    expect(mailOf(b, coach.id, 'coach-review').map((m) => m.subject)).toEqual([
      'Nia Long asks you to review a thank-you note',
    ])
    expect(coachMailRows(b, coach.id, 'review')).toMatchObject([
      { state: 'sent', attempts: 2, item_count: 1 },
    ])
    expect(coachDeliveries(b.app, coach.id).map((d) => [d.channel, d.state, d.attempts])).toEqual([
      ['email', 'sent', 1],
      ['push', 'sent', 1],
      ['webhook', 'sent', 1],
    ])
  })

  it('hands the daily digest to push and webhook exactly once, across a restart mid-hand-off, and plans the next day', async () => {
    const peers = await channelPeers(harness.cleanups)
    const dataDir = harness.sharedDir()
    const clock = new TestClock(local('2026-03-02T06:00'))
    const first = await harness.app({ dataDir, clock })
    const { coach, nia } = coachAndCandidate(first)
    subscribePush(first.app, coach.id, peers.push)
    setWebhook(first.app, coach.id, peers.webhook)
    // Nia's interview ended at 17:00 yesterday: at 08:00 its deadline is 9 hours away.
    followUpOf(first, nia.id, local('2026-03-01T17:00'))
    await pass(first)
    clock.set(local('2026-03-02T08:00'))
    expect(await crashMidHandOff(first)).toBe(1)

    clock.set(local('2026-03-02T08:00') + first.app.config.reminderLeaseMs + MINUTE)
    const a = await harness.app({ dataDir, clock })
    const b = await harness.app({ dataDir, clock })
    await Promise.all([pass(a), pass(b), pass(a)])

    expect(peers.push.delivered.map((p) => JSON.parse(p.payload))).toEqual([
      {
        title: 'Your candidates today: 1 follow-up due soon',
        body: 'For Nia Long.',
        url: 'http://127.0.0.1:3000/coach',
        tag: 'debrief-coach-digest-2026-03-02',
      },
    ])
    expect(peers.webhook.received.map((r) => hookBody(r))).toMatchObject([
      { event: 'coach', kind: 'digest', title: 'Your candidates today: 1 follow-up due soon' },
    ])
    expect(mailOf(a, coach.id, 'coach-digest').map((m) => m.subject)).toEqual([
      'Your candidates today: 1 follow-up due soon',
    ])
    expect(coachMailRows(a, coach.id, 'digest')).toMatchObject([
      { local_date: '2026-03-02', state: 'sent', attempts: 2, item_count: 1 },
      { local_date: '2026-03-03', state: 'pending', due_at: local('2026-03-03T08:00') },
    ])
    // Later passes the same day add nothing on any channel.
    clock.advance(30 * MINUTE)
    await Promise.all([pass(a), pass(b)])
    expect(peers.push.delivered).toHaveLength(1)
    expect(peers.webhook.received).toHaveLength(1)
    expect(coachDeliveries(a.app, coach.id).map((d) => [d.channel, d.state])).toEqual([
      ['email', 'sent'],
      ['push', 'sent'],
      ['webhook', 'sent'],
    ])
  })

  it('reaches a coach who turned e-mail off through push only', async () => {
    const { peers, ctx, coach, nia } = await pushOnlyCoach()
    askForReview(ctx, nia.id)
    await pass(ctx)
    await pass(ctx)
    expect(peers.push.delivered.map((p) => JSON.parse(p.payload).title)).toEqual([
      'Nia Long asks you to review a thank-you note',
    ])
    expect(mailOf(ctx, coach.id, 'coach-review')).toEqual([])
    expect(coachDeliveries(ctx.app, coach.id).map((d) => [d.channel, d.state])).toEqual([['push', 'sent']])
  })

  it('keeps a failing webhook from blocking or repeating the push, and retries the webhook alone', async () => {
    const { peers, ctx, coach, nia } = await pushOnlyCoach()
    setWebhook(ctx.app, coach.id, peers.webhook)
    peers.webhook.answerNext(503, 503)
    askForReview(ctx, nia.id)
    await pass(ctx)
    expect(peers.push.delivered).toHaveLength(1)
    expect(peers.webhook.received).toHaveLength(1)
    const [push, hook] = coachDeliveries(ctx.app, coach.id)
    expect(push).toMatchObject({ channel: 'push', state: 'sent', attempts: 1 })
    expect(hook).toMatchObject({ channel: 'webhook', state: 'pending', attempts: 1 })
    expect(hook?.last_error).toContain('The webhook answered 503')
    // The CLI's report names what is waiting and why.
    expect(reminderReportRows(ctx.app.db)).toMatchObject([
      {
        user: 'carla@example.com',
        label: 'Review request to the coach',
        channel: 'webhook',
        state: 'pending',
      },
    ])

    // Each retry is the webhook's own: the push is never sent again.
    for (let round = 0; round < 2; round++) {
      ctx.clock.advance(10 * MINUTE)
      await pass(ctx)
    }
    expect(peers.webhook.received).toHaveLength(3)
    // The same delivery each time, so a receiver can drop a repeat.
    expect(new Set(peers.webhook.received.map((r) => r.headers['x-debrief-delivery'])).size).toBe(1)
    expect(peers.push.delivered).toHaveLength(1)
    expect(coachDeliveries(ctx.app, coach.id).map((d) => [d.channel, d.state, d.attempts])).toEqual([
      ['push', 'sent', 1],
      ['webhook', 'sent', 3],
    ])
    expect(reminderReportRows(ctx.app.db)).toEqual([])
  })
})
