import ical, { type VEvent } from 'node-ical'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connection.js'
import { localToInstant } from '../../src/domain/interview.js'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import type { Agent } from '../helpers/agent.js'
import { signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { seedInterviews, userIdOf } from '../helpers/insightFixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const HOUR = 3_600_000

function local(wall: string, zone: string): number {
  const result = localToInstant(wall, zone)
  if (!result.ok) throw new Error(`${wall} does not exist in ${zone}`)
  return result.value
}

/** Creates (or replaces) the feed address through the settings page; returns its path. */
async function rotateFeed(agent: Agent): Promise<string> {
  const response = await agent.submit('/settings/calendar/rotate', {}, '/settings/calendar')
  expect(response.statusCode).toBe(200)
  const url = /id="calendar-url" type="text" readonly value="([^"]+)"/.exec(response.body)?.[1]
  if (!url) throw new Error('feed address not shown')
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:3000\/calendar\/cal_[A-Za-z0-9_-]{43}\.ics$/)
  return new URL(url).pathname
}

function events(body: string): Map<string, VEvent> {
  const parsed = ical.sync.parseICS(body)
  const map = new Map<string, VEvent>()
  for (const component of Object.values(parsed)) {
    if (component?.type === 'VEVENT') map.set((component as VEvent).uid, component as VEvent)
  }
  return map
}

const text = (value: unknown) =>
  typeof value === 'string' ? value : ((value as { val?: string })?.val ?? '')

describe('calendar feed', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  async function setup() {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const ada = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone: 'America/New_York' })
    const adaId = userIdOf(ctx.app.db, 'ada@example.com')
    const ids = seedInterviews(ctx.app.db, adaId, [
      {
        company: 'Acme, Inc.',
        role: 'Backend engineer',
        kind: 'technical',
        startsAt: '2026-03-03T14:00:00Z',
        endsAt: '2026-03-03T15:00:00Z',
        timeZone: 'America/New_York',
        location: 'Room 4; 2nd floor',
      },
      {
        company: 'Done Co',
        role: 'Dev',
        kind: 'panel',
        startsAt: '2026-02-27T14:00:00Z',
        endsAt: '2026-02-27T15:00:00Z',
        followUpState: 'done',
        followUpDoneAt: '2026-02-27T18:00:00Z',
      },
      {
        company: 'Rejected Co',
        role: 'Dev',
        kind: 'onsite',
        startsAt: '2026-03-01T14:00:00Z',
        endsAt: '2026-03-01T15:00:00Z',
        outcome: 'rejected',
      },
      {
        // Logged for 10:00 New York time on the day after clocks fall back (EST, UTC−5).
        company: 'Fallback Ltd',
        role: 'SRE',
        kind: 'phone_screen',
        startsAt: local('2026-11-02T10:00', 'America/New_York'),
        endsAt: local('2026-11-02T11:00', 'America/New_York'),
        timeZone: 'America/New_York',
      },
      {
        // The same wall-clock time a few days earlier, still on daylight time (EDT, UTC−4).
        company: 'Summer Corp',
        role: 'SRE',
        kind: 'phone_screen',
        startsAt: local('2026-10-30T10:00', 'America/New_York'),
        endsAt: local('2026-10-30T11:00', 'America/New_York'),
        timeZone: 'America/New_York',
      },
    ])
    return { ada, adaId, ids }
  }

  it('serves every interview and each open deadline with alarms at the user’s reminder leads', async () => {
    const { ada, adaId, ids } = await setup()
    ctx.app.repos.reminders.saveSettings(
      adaId,
      { ...ctx.app.repos.reminders.settings(adaId), leads: [240, 90] },
      ctx.clock.now(),
    )
    const path = await rotateFeed(ada)

    const response = await ctx.app.inject({ url: path })
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(response.headers['cache-control']).toBe('private, max-age=300')
    expect(response.headers['set-cookie']).toBeUndefined()
    expect(response.body).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/)
    expect(response.body.endsWith('END:VCALENDAR\r\n')).toBe(true)

    const feed = events(response.body)
    const [acme, done, rejected, fallback, summer] = ids as [number, number, number, number, number]
    expect([...feed.keys()].sort()).toEqual(
      [
        `interview-${acme}@debrief`,
        `interview-${done}@debrief`,
        `interview-${rejected}@debrief`,
        `interview-${fallback}@debrief`,
        `interview-${summer}@debrief`,
        `deadline-${acme}@debrief`,
        `deadline-${fallback}@debrief`,
        `deadline-${summer}@debrief`,
      ].sort(),
    )

    const interview = feed.get(`interview-${acme}@debrief`)!
    expect(interview.start.toISOString()).toBe('2026-03-03T14:00:00.000Z')
    expect(interview.end!.toISOString()).toBe('2026-03-03T15:00:00.000Z')
    expect(text(interview.summary)).toBe('Interview: Acme, Inc. — Backend engineer')
    expect(text(interview.location)).toBe('Room 4; 2nd floor')
    expect(text(interview.description)).toContain('09:00–10:00 America/New_York')
    expect(interview.alarms ?? []).toEqual([])

    const deadline = feed.get(`deadline-${acme}@debrief`)!
    expect(deadline.start.toISOString()).toBe('2026-03-04T15:00:00.000Z')
    expect(text(deadline.summary)).toBe('Follow-up due: Acme, Inc. — Backend engineer')
    expect(deadline.alarms?.map((a) => [a.action, a.trigger])).toEqual([
      ['DISPLAY', '-PT4H'],
      ['DISPLAY', '-PT1H30M'],
    ])
    expect(deadline.transparency).toBe('TRANSPARENT')
  })

  it('keeps the wall-clock time of an interview across the fall-back DST change', async () => {
    const { ada, ids } = await setup()
    const feed = events((await ctx.app.inject({ url: await rotateFeed(ada) })).body)
    const fallback = feed.get(`interview-${ids[3]}@debrief`)!
    const summer = feed.get(`interview-${ids[4]}@debrief`)!
    // 10:00 EST and 10:00 EDT are different UTC instants; both read 10:00 in New York.
    expect(fallback.start.toISOString()).toBe('2026-11-02T15:00:00.000Z')
    expect(summer.start.toISOString()).toBe('2026-10-30T14:00:00.000Z')
    const nyHour = (d: Date) =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'America/New_York',
        hour: '2-digit',
        hourCycle: 'h23',
      }).format(d)
    expect(nyHour(fallback.start)).toBe('10')
    expect(nyHour(summer.start)).toBe('10')
    expect(text(fallback.description)).toContain('Mon 2 Nov 2026, 10:00–11:00 America/New_York (EST)')
    expect(text(summer.description)).toContain('10:00–11:00 America/New_York (EDT)')
    // The deadline is 24 elapsed hours after the end, also across the change.
    expect(feed.get(`deadline-${ids[3]}@debrief`)!.start.getTime()).toBe(fallback.end!.getTime() + 24 * HOUR)
    // Default leads (no reminder settings saved): one alarm four hours before.
    expect(feed.get(`deadline-${ids[3]}@debrief`)!.alarms?.map((a) => a.trigger)).toEqual(['-PT4H'])
  })

  it('drops a deadline once the follow-up is done, keeping the same UIDs for the rest', async () => {
    const { ada, adaId, ids } = await setup()
    const path = await rotateFeed(ada)
    const before = events((await ctx.app.inject({ url: path })).body)
    expect(before.has(`deadline-${ids[0]}@debrief`)).toBe(true)
    interviewTimeline(ctx.app.db, ctx.app.repos).setFollowUpState(adaId, ids[0]!, 'done', ctx.clock.now())
    const after = events((await ctx.app.inject({ url: path })).body)
    expect(after.has(`deadline-${ids[0]}@debrief`)).toBe(false)
    expect(after.has(`interview-${ids[0]}@debrief`)).toBe(true)
    expect([...after.keys()].filter((uid) => uid !== `deadline-${ids[0]}@debrief`)).toEqual(
      [...before.keys()].filter((uid) => uid !== `deadline-${ids[0]}@debrief`),
    )
  })

  it('answers 304 to a calendar that already has the current feed, and a new ETag after a change', async () => {
    const { ada, adaId, ids } = await setup()
    const path = await rotateFeed(ada)
    const first = await ctx.app.inject({ url: path })
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/)
    const again = await ctx.app.inject({ url: path, headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    interviewTimeline(ctx.app.db, ctx.app.repos).setFollowUpState(adaId, ids[0]!, 'done', ctx.clock.now())
    const changed = await ctx.app.inject({ url: path, headers: { 'if-none-match': etag } })
    expect(changed.statusCode).toBe(200)
    expect(changed.headers.etag).not.toBe(etag)
    expect(changed.body).not.toContain(`deadline-${ids[0]}@debrief`)
  })

  it('notices a change another process wrote to the database within the same hour', async () => {
    const { ada, ids } = await setup()
    const path = await rotateFeed(ada)
    const first = await ctx.app.inject({ url: path })
    expect(first.body).toContain('Acme')
    // Another connection, as the CLI or a second server would have: nothing in this process hears of it.
    const other = openDatabase(ctx.app.config.databasePath)
    try {
      other.prepare('UPDATE interviews SET company = ? WHERE id = ?').run('Renamed Elsewhere', ids[0])
    } finally {
      other.close()
    }
    const changed = await ctx.app.inject({
      url: path,
      headers: { 'if-none-match': String(first.headers.etag) },
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.body).toContain('Renamed Elsewhere')
    // Reads alone leave the built feed in place.
    const again = await ctx.app.inject({
      url: path,
      headers: { 'if-none-match': String(changed.headers.etag) },
    })
    expect(again.statusCode).toBe(304)
  })

  it('stops serving the old address the moment it is replaced or turned off', async () => {
    const { ada } = await setup()
    const first = await rotateFeed(ada)
    expect((await ctx.app.inject({ url: first })).statusCode).toBe(200)
    const second = await rotateFeed(ada)
    expect(second).not.toBe(first)
    expect((await ctx.app.inject({ url: first })).statusCode).toBe(404)
    expect((await ctx.app.inject({ url: second })).statusCode).toBe(200)

    const off = await ada.submit('/settings/calendar/disable', {}, '/settings/calendar')
    expect(off.statusCode).toBe(302)
    expect((await ctx.app.inject({ url: second })).statusCode).toBe(404)
    expect((await ada.get('/settings/calendar')).body).toContain('No calendar feed yet.')
  })

  it('never shows one user’s interviews in another user’s feed, and 404s unknown addresses', async () => {
    const { ada, ids } = await setup()
    const adaPath = await rotateFeed(ada)
    const bob = await signUp(ctx.app, { email: 'bob@example.com' })
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'bob@example.com'), [
      {
        company: 'Bob Corp',
        role: 'Dev',
        kind: 'technical',
        startsAt: '2026-03-05T10:00:00Z',
        endsAt: '2026-03-05T11:00:00Z',
      },
    ])
    const bobPath = await rotateFeed(bob)
    const bobBody = (await ctx.app.inject({ url: bobPath })).body
    const bobFeed = events(bobBody)
    expect(bobFeed.size).toBe(2)
    for (const id of ids) expect(bobFeed.has(`interview-${id}@debrief`)).toBe(false)
    expect(bobBody).not.toContain('Acme')
    expect(events((await ctx.app.inject({ url: adaPath })).body).size).toBe(8)

    for (const url of [
      `/calendar/cal_${'A'.repeat(43)}.ics`,
      '/calendar/nope.ics',
      adaPath.replace('.ics', ''),
      `${adaPath}x`,
    ]) {
      const response = await ctx.app.inject({ url })
      expect(response.statusCode, url).toBe(404)
      expect(response.body).not.toContain('BEGIN:VCALENDAR')
    }
  })

  it('offers one interview as an .ics download to its owner only', async () => {
    const { ada, ids } = await setup()
    const response = await ada.get(`/interviews/${ids[0]}/calendar.ics`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8')
    expect(response.headers['content-disposition']).toBe(`attachment; filename="interview-${ids[0]}.ics"`)
    expect([...events(response.body).keys()]).toEqual([
      `interview-${ids[0]}@debrief`,
      `deadline-${ids[0]}@debrief`,
    ])

    const bob = await signUp(ctx.app, { email: 'bob@example.com' })
    expect((await bob.get(`/interviews/${ids[0]}/calendar.ics`)).statusCode).toBe(404)
    const anonymous = await ctx.app.inject({ url: `/interviews/${ids[0]}/calendar.ics` })
    expect(anonymous.statusCode).toBe(302)
  })

  it('keeps the secret address out of the request log', async () => {
    const lines: string[] = []
    ctx = await createTestApp({
      scheduler: false,
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    })
    const ada = await signUp(ctx.app, { email: 'ada@example.com' })
    const path = await rotateFeed(ada)
    expect((await ctx.app.inject({ url: path })).statusCode).toBe(200)
    expect((await ctx.app.inject({ url: '/calendar/cal_unknown.ics' })).statusCode).toBe(404)
    expect(lines.some((line) => line.includes('/settings/calendar'))).toBe(true)
    expect(lines.filter((line) => line.includes('/calendar/cal_'))).toEqual([])
  })
})
