import { describe, expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import type { TestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { askForReview, coachAndCandidate, coachMailRows, followUpOf, mailOf } from '../helpers/coachMail.js'
import { expectOnceADayAt, wallClock } from '../helpers/dailyMessage.js'
import { seedDebrief } from '../helpers/draftFixtures.js'
import { createUser, HOUR, MINUTE, setReminderSettings } from '../helpers/fixtures.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'

const harness = reminderHarness()
const ZONE = 'America/New_York'
const local = wallClock(ZONE)

const digests = (ctx: { app: TestApp }, coachId: number) => coachMailRows(ctx, coachId, 'digest')
const digestMail = (ctx: { app: TestApp }, coachId: number) => mailOf(ctx, coachId, 'coach-digest')

describe('coach digest', () => {
  it('goes exactly once a day across a restart and two instances on one database, catching up after downtime', async () => {
    const dataDir = harness.sharedDir()
    const clock = new TestClock(local('2026-03-02T06:00'))
    const first = await harness.app({ dataDir, clock })
    const { coach, nia } = coachAndCandidate(first)
    // Nia's interview ended at 17:00 yesterday: at 08:00 its deadline is 9 hours away.
    followUpOf(first, nia.id, local('2026-03-01T17:00'))
    await pass(first)
    expect(digests(first, coach.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-02T08:00'), state: 'pending' },
    ])
    await first.close()

    // Down at 08:00; back at 09:30 with two processes on the file.
    clock.set(local('2026-03-02T09:30'))
    const a = await harness.app({ dataDir, clock })
    const b = await harness.app({ dataDir, clock })
    await Promise.all([pass(a), pass(b), pass(a), pass(b)])
    const mail = digestMail(a, coach.id)
    expect(mail).toHaveLength(1)
    expect(mail[0]?.subject).toBe('Your candidates today: 1 follow-up due soon')
    expect(mail[0]?.text_body).toContain(
      'Nia Long — Initech (Platform Engineer): deadline Today 17:00, your time',
    )
    expect(mail[0]?.text_body).toContain('http://127.0.0.1:3000/coach')
    expect(digests(a, coach.id)).toMatchObject([
      { local_date: '2026-03-02', state: 'sent', attempts: 1, item_count: 1 },
      { local_date: '2026-03-03', state: 'pending', due_at: local('2026-03-03T08:00') },
    ])
    await a.close()
    clock.advance(MINUTE)
    const c = await harness.app({ dataDir, clock })
    await Promise.all([pass(b), pass(c)])
    expect(digestMail(c, coach.id)).toHaveLength(1)
    // The next morning the follow-up is overdue: named again, once.
    clock.set(local('2026-03-03T08:00'))
    await Promise.all([pass(b), pass(c), pass(b)])
    const second = digestMail(c, coach.id)
    expect(second).toHaveLength(2)
    expect(second[1]?.subject).toBe('Your candidates today: 1 overdue')
    expect(second[1]?.text_body).toContain('overdue by 15 h')
  })

  it('is not sent on a day with nothing to say, and the next day is still planned', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T06:00')) })
    const { coach, nia } = coachAndCandidate(ctx)
    // A follow-up done already, and one due in two days: neither belongs in today's digest.
    seedDebrief(ctx.app, nia.id, { endsAt: local('2026-03-02T05:00'), timeZone: ZONE })
    const done = seedDebrief(ctx.app, nia.id, { endsAt: local('2026-03-01T20:00'), timeZone: ZONE })
    ctx.app.db.prepare("UPDATE interviews SET follow_up_state = 'done' WHERE id = ?").run(done.interviewId)
    await pass(ctx)
    ctx.clock.set(local('2026-03-02T08:00'))
    await pass(ctx)
    expect(digestMail(ctx, coach.id)).toEqual([])
    expect(digests(ctx, coach.id)).toMatchObject([
      {
        local_date: '2026-03-02',
        state: 'skipped',
        item_count: 0,
        last_error: 'Not sent: nothing needed your attention.',
      },
      { local_date: '2026-03-03', state: 'pending' },
    ])
  })

  it('skips a day missed entirely while down, and sends on the day it comes back', async () => {
    const dataDir = harness.sharedDir()
    const clock = new TestClock(local('2026-03-02T06:00'))
    const first = await harness.app({ dataDir, clock })
    const { coach, nia } = coachAndCandidate(first)
    askForReview(first, nia.id)
    await pass(first)
    await first.close()
    clock.set(local('2026-03-04T10:00'))
    const back = await harness.app({ dataDir, clock })
    await pass(back)
    expect(digests(back, coach.id)).toMatchObject([
      {
        local_date: '2026-03-02',
        state: 'skipped',
        last_error: 'Not sent: the day it was for had passed before it could go out.',
      },
      { local_date: '2026-03-04', state: 'sent' },
      { local_date: '2026-03-05', state: 'pending' },
    ])
    // The interview behind the request ended at 05:00 on the 2nd: its follow-up is overdue by now.
    expect(digestMail(back, coach.id).map((m) => m.subject)).toEqual([
      'Your candidates today: 1 overdue, 1 review requested',
    ])
  })

  it('goes at 08:00 New York time every day across the spring and autumn DST changes', async () => {
    const clock = new TestClock(local('2026-03-06T06:00'))
    const ctx = await harness.app({ clock })
    const { coach, nia } = coachAndCandidate(ctx)
    askForReview(ctx, nia.id)
    await expectOnceADayAt(ctx, {
      zone: ZONE,
      hour: 8,
      startHour: 6,
      stretches: [
        ['2026-03-06', 4],
        ['2026-10-30', 4],
      ],
      sent: () => digestMail(ctx, coach.id),
    })
    const sent = digests(ctx, coach.id).filter((n) => n.state === 'sent')
    expect(sent.map((n) => new Date(n.due_at).toISOString())).toEqual([
      '2026-03-06T13:00:00.000Z',
      '2026-03-07T13:00:00.000Z',
      '2026-03-08T12:00:00.000Z',
      '2026-03-09T12:00:00.000Z',
      '2026-10-30T12:00:00.000Z',
      '2026-10-31T12:00:00.000Z',
      '2026-11-01T13:00:00.000Z',
      '2026-11-02T13:00:00.000Z',
    ])
  })

  it('waits for the end of the coach’s quiet hours, and follows the time the coach sets', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T06:00')) })
    const { coach, nia } = coachAndCandidate(ctx)
    askForReview(ctx, nia.id)
    await pass(ctx)
    expect(digests(ctx, coach.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-02T08:00') },
    ])
    // Longer quiet hours, saved as the settings page and API save them, move the waiting digest.
    setReminderSettings(ctx.app, coach.id, { quietHours: { start: 22 * 60, end: 9 * 60 } })
    ctx.app.repos.coachDigests.replan(coach.id, ctx.clock.now())
    expect(digests(ctx, coach.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-02T09:00') },
    ])
    const saved = ctx.app.services.coachDigest.save(ownerAccess(coach.id), { enabled: true, time: '18:30' })
    expect(saved).toMatchObject({ ok: true, value: { time: '18:30', nextAt: local('2026-03-02T18:30') } })
    expect(digests(ctx, coach.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-02T18:30') },
    ])
    expect(
      ctx.app.services.coachDigest.save(ownerAccess(coach.id), { enabled: false, time: '18:30' }).ok,
    ).toBe(true)
    ctx.clock.set(local('2026-03-02T19:00'))
    await pass(ctx)
    expect(digests(ctx, coach.id)).toEqual([])
    expect(digestMail(ctx, coach.id)).toEqual([])
  })

  it('tells each linked coach once that a review was asked for, and nobody after the link is gone', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T12:00')) })
    const { coach, nia } = coachAndCandidate(ctx)
    const second = createUser(ctx.app, { email: 'second@example.com', name: 'Second Coach', timeZone: ZONE })
    ctx.app.db
      .prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)')
      .run(nia.id, second.id, ctx.clock.now())
    askForReview(ctx, nia.id)
    ctx.app.db.prepare('DELETE FROM coach_links WHERE coach_id = ?').run(second.id)
    await Promise.all([pass(ctx), pass(ctx)])
    await pass(ctx)
    const notices = mailOf(ctx, coach.id, 'coach-review')
    expect(notices.map((m) => m.subject)).toEqual(['Nia Long asks you to review a thank-you note'])
    expect(notices[0]?.text_body).toContain(
      'the thank-you note to Grace Hopper after their interview with Acme (Analyst)',
    )
    expect(mailOf(ctx, second.id, 'coach-review')).toEqual([])
    ctx.clock.advance(HOUR)
    await pass(ctx)
    expect(mailOf(ctx, coach.id, 'coach-review')).toHaveLength(1)
  })
})
