import { describe, expect, it } from 'vitest'
import type { User } from '../../src/db/users.js'
import type { TestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { expectOnceADayAt, wallClock } from '../helpers/dailyMessage.js'
import { HOUR, MINUTE, setReminderSettings } from '../helpers/fixtures.js'
import { pass, type ReminderCtx, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const harness = reminderHarness()
const ZONE = 'America/New_York'
const local = wallClock(ZONE)

interface NudgeRow {
  local_date: string
  due_at: number
  state: string
  attempts: number
  last_error: string | null
  due_count: number | null
  sent_at: number | null
}
const nudges = (ctx: { app: TestApp }, userId: number) =>
  ctx.app.db
    .prepare(
      'SELECT local_date, due_at, state, attempts, last_error, due_count, sent_at FROM study_nudges WHERE user_id = ? ORDER BY local_date',
    )
    .all(userId) as NudgeRow[]
const studyMail = (ctx: { app: TestApp }, userId: number) =>
  ctx.app.db
    .prepare(
      "SELECT subject, text_body, created_at FROM mailbox WHERE user_id = ? AND message_id LIKE '<study-%' ORDER BY id",
    )
    .all(userId) as { subject: string; text_body: string; created_at: number }[]

/** A New York user with only the study reminder on (no interview reminders), `dueCards` cards due. */
function learner(
  ctx: ReminderCtx,
  dueCards: number,
  quietHours: { start: number; end: number } | null = null,
): User {
  const user = reminderUser(
    ctx.app,
    { email: 'ada@example.com', name: 'Ada Lovelace', timeZone: ZONE },
    { leads: [], researchEnabled: false, overdueEnabled: false, quietHours },
  )
  const interviewId = pastInterview(ctx.app, user.id)
  for (let i = 0; i < dueCards; i++) addQuestion(ctx.app, user.id, interviewId, { text: `Question ${i}?` })
  return user
}

const turnOn = (ctx: ReminderCtx, userId: number, minute = 19 * 60) =>
  ctx.app.repos.studyNudges.saveSettings(userId, { enabled: true, minute }, ctx.clock.now())

/**
 * The first process on a data directory later ones share, at noon on 2 March, with a learner of `dueCards`
 * due cards who has turned the study reminder on.
 */
async function firstProcess(dueCards: number) {
  const dataDir = harness.sharedDir()
  const clock = new TestClock(local('2026-03-02T12:00'))
  const first = await harness.app({ dataDir, clock })
  const user = learner(first, dueCards)
  turnOn(first, user.id)
  return { dataDir, clock, first, user }
}

describe('daily study reminder', () => {
  it('is off by default: no row is planned and nothing is sent', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T12:00')) })
    const user = learner(ctx, 2)
    expect(ctx.app.repos.studyNudges.settings(user.id)).toEqual({ enabled: false, minute: 19 * 60 })
    for (const at of ['2026-03-02T19:00', '2026-03-02T21:00', '2026-03-03T19:00']) {
      ctx.clock.set(local(at))
      await pass(ctx)
    }
    expect(nudges(ctx, user.id)).toEqual([])
    expect(studyMail(ctx, user.id)).toEqual([])
  })

  it('goes exactly once a day across a restart and two instances on one database, catching up after downtime', async () => {
    const { dataDir, clock, first, user } = await firstProcess(3)
    expect(nudges(first, user.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-02T19:00'), state: 'pending' },
    ])
    clock.set(local('2026-03-02T18:59'))
    await pass(first)
    expect(studyMail(first, user.id)).toHaveLength(0)
    await first.close()

    // Down at 19:00; back at 20:30 the same evening with two processes on the file.
    clock.set(local('2026-03-02T20:30'))
    const a = await harness.app({ dataDir, clock })
    const b = await harness.app({ dataDir, clock })
    await Promise.all([pass(a), pass(b), pass(a), pass(b)])
    const mail = studyMail(a, user.id)
    expect(mail).toHaveLength(1)
    expect(mail[0]?.subject).toBe('3 study cards are due')
    expect(mail[0]?.text_body).toContain('http://127.0.0.1:3000/study')
    expect(nudges(a, user.id)).toMatchObject([
      {
        local_date: '2026-03-02',
        state: 'sent',
        attempts: 1,
        due_count: 3,
        sent_at: local('2026-03-02T20:30'),
      },
      { local_date: '2026-03-03', state: 'pending', due_at: local('2026-03-03T19:00') },
    ])
    await a.close()
    clock.advance(MINUTE)
    const c = await harness.app({ dataDir, clock })
    await Promise.all([pass(b), pass(c)])
    expect(studyMail(c, user.id)).toHaveLength(1)

    clock.set(local('2026-03-03T19:00'))
    await Promise.all([pass(b), pass(c), pass(b)])
    expect(studyMail(c, user.id)).toHaveLength(2)
    expect(nudges(c, user.id).map((n) => [n.local_date, n.state])).toEqual([
      ['2026-03-02', 'sent'],
      ['2026-03-03', 'sent'],
      ['2026-03-04', 'pending'],
    ])
  })

  it('skips a day missed entirely while down, and still sends that day it comes back', async () => {
    const { dataDir, clock, first, user } = await firstProcess(1)
    await first.close()
    clock.set(local('2026-03-04T21:00'))
    const back = await harness.app({ dataDir, clock })
    await pass(back)
    expect(nudges(back, user.id)).toMatchObject([
      {
        local_date: '2026-03-02',
        state: 'skipped',
        last_error: 'Not sent: the day it was for had passed before it could go out.',
      },
      { local_date: '2026-03-04', state: 'sent', sent_at: local('2026-03-04T21:00') },
      { local_date: '2026-03-05', state: 'pending' },
    ])
    expect(studyMail(back, user.id).map((m) => m.subject)).toEqual(['1 study card is due'])
  })

  it('goes at 19:00 New York time every day across the spring and fall DST changes', async () => {
    const clock = new TestClock(local('2026-03-06T12:00'))
    const ctx = await harness.app({ clock })
    const user = learner(ctx, 1)
    turnOn(ctx, user.id)
    await expectOnceADayAt(ctx, {
      zone: ZONE,
      hour: 19,
      startHour: 12,
      stretches: [
        ['2026-03-06', 4],
        ['2026-10-30', 4],
      ],
      sent: () => studyMail(ctx, user.id),
    })
    const sent = nudges(ctx, user.id).filter((n) => n.state === 'sent')
    expect(sent.map((n) => new Date(n.due_at).toISOString())).toEqual([
      '2026-03-07T00:00:00.000Z',
      '2026-03-08T00:00:00.000Z',
      '2026-03-08T23:00:00.000Z',
      '2026-03-09T23:00:00.000Z',
      '2026-10-30T23:00:00.000Z',
      '2026-10-31T23:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      '2026-11-03T00:00:00.000Z',
    ])
  })

  it('is not sent when no card is due at send time, and the next day is still planned', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T12:00')) })
    const user = learner(ctx, 0)
    turnOn(ctx, user.id)
    ctx.clock.set(local('2026-03-02T19:00'))
    await pass(ctx)
    expect(studyMail(ctx, user.id)).toEqual([])
    expect(nudges(ctx, user.id)).toMatchObject([
      {
        local_date: '2026-03-02',
        state: 'skipped',
        due_count: 0,
        last_error: 'Not sent: no cards were due.',
      },
      { local_date: '2026-03-03', state: 'pending' },
    ])
  })

  it('waits for the end of quiet hours when its time falls inside them', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T12:00')) })
    const user = learner(ctx, 1, { start: 18 * 60, end: 8 * 60 })
    turnOn(ctx, user.id)
    expect(nudges(ctx, user.id)).toMatchObject([
      { local_date: '2026-03-02', due_at: local('2026-03-03T08:00') },
    ])
    ctx.clock.set(local('2026-03-02T19:00'))
    await pass(ctx)
    ctx.clock.set(local('2026-03-03T07:59'))
    await pass(ctx)
    expect(studyMail(ctx, user.id)).toHaveLength(0)
    ctx.clock.set(local('2026-03-03T08:00'))
    await pass(ctx)
    expect(studyMail(ctx, user.id)).toHaveLength(1)
    // Turning quiet hours off moves the waiting nudge back to 19:00.
    setReminderSettings(ctx.app, user.id, { quietHours: null })
    ctx.app.repos.studyNudges.replan(user.id, ctx.clock.now())
    expect(nudges(ctx, user.id).at(-1)).toMatchObject({
      local_date: '2026-03-03',
      due_at: local('2026-03-03T19:00'),
    })
  })

  it('turned off, drops the waiting nudge and sends nothing', async () => {
    const ctx = await harness.app({ clock: new TestClock(local('2026-03-02T12:00')) })
    const user = learner(ctx, 1)
    turnOn(ctx, user.id)
    ctx.app.repos.studyNudges.saveSettings(user.id, { enabled: false, minute: 19 * 60 }, ctx.clock.now())
    ctx.clock.advance(8 * HOUR)
    await pass(ctx)
    expect(nudges(ctx, user.id)).toEqual([])
    expect(studyMail(ctx, user.id)).toEqual([])
  })
})
