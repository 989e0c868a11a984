import { DateTime } from 'luxon'
import { afterEach, describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { userIdOf } from '../helpers/insightFixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>
const ZONE = 'America/New_York'
const local = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis()

const api = (ctx: Ctx, token: string, method: 'GET' | 'PUT', payload?: unknown) =>
  ctx.app.inject({
    method,
    url: '/api/v1/settings/study-reminder',
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
  })

describe('study reminder settings', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())
  /** The app at noon on 2 March in New York, with Ada there signed up through the form. */
  const adaAtNoon = async () => {
    ctx = await createTestApp({
      scheduler: false,
      env: { SIGNUP: 'open' },
      clock: new TestClock(local('2026-03-02T12:00')),
    })
    return signUp(ctx.app, { email: 'ada@example.com', timeZone: ZONE })
  }

  it('are off by default and set through the API, which refuses a time that is not one', async () => {
    const ada = await adaAtNoon()
    const token = await createToken(ada)
    expect((await api(ctx, token, 'GET')).json()).toEqual({
      enabled: false,
      time: '19:00',
      timeZone: ZONE,
      nextAt: null,
    })
    const bad = await api(ctx, token, 'PUT', { enabled: true, time: '25:00' })
    expect(bad.statusCode).toBe(400)
    expect((bad.json() as { message: string }).message).toMatch(/time/)
    const put = await api(ctx, token, 'PUT', { enabled: true, time: '20:15' })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toEqual({
      enabled: true,
      time: '20:15',
      timeZone: ZONE,
      nextAt: new Date(local('2026-03-02T20:15')).toISOString(),
    })
    // Quiet hours from 20:00 move it to their end, the next morning at 07:00.
    const quiet = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/reminders',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({
        leads: [240],
        researchEnabled: true,
        overdueEnabled: true,
        quietHours: { start: '20:00', end: '07:00' },
      }),
    })
    expect(quiet.statusCode).toBe(200)
    expect((await api(ctx, token, 'GET')).json()).toMatchObject({
      nextAt: new Date(local('2026-03-03T07:00')).toISOString(),
    })
  })

  it('are on the Reminder settings page with a time picker', async () => {
    const ada = await adaAtNoon()
    const page = await ada.get('/settings/reminders')
    expect(page.body).toContain('action="/settings/reminders/study"')
    expect(page.body).toMatch(/<input id="f-study-time" name="time" type="time" value="19:00"/)
    expect(page.body).not.toMatch(/name="enabled" value="on" checked/)
    // The reminder goes through every channel that is on, not by e-mail alone.
    expect(page.body).toContain('it goes to each place you have on: e-mail, notifications and the webhook')
    const saved = await ada.submit(
      '/settings/reminders/study',
      { enabled: 'on', time: '06:45' },
      '/settings/reminders',
    )
    expect(saved.statusCode).toBe(302)
    expect(ctx.app.repos.studyNudges.settings(userIdOf(ctx.app.db, 'ada@example.com'))).toEqual({
      enabled: true,
      minute: 6 * 60 + 45,
    })
    const after = await ada.get('/settings/reminders')
    expect(after.body).toMatch(/name="enabled" value="on" checked/)
    expect(after.body).toContain('value="06:45"')
  })
})
