import { describe, expect, it } from 'vitest'
import { Agent, DEFAULT_PASSWORD, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp, type TestApp } from '../helpers/app.js'

const cleanups = cleanupAfterEach()

async function start(env: Record<string, string> = {}) {
  const ctx = await createTestApp({ env })
  cleanups.push(ctx.close)
  return ctx.app
}

const totalChanges = (app: TestApp) => app.db.prepare('SELECT total_changes()').pluck().get() as number
const sessionRows = (app: TestApp) => app.db.prepare('SELECT count(*) FROM sessions').pluck().get() as number
const setCookieNames = (response: { cookies: unknown[] }) =>
  (response.cookies as { name: string }[]).map((cookie) => cookie.name)
const form = (fields: Record<string, string>) => ({
  payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
})

describe('requests that change nothing write nothing', () => {
  it('leaves total_changes() alone for the login and sign-up forms, assets, health and the API', async () => {
    const app = await start({ SIGNUP: 'open' })
    await signUp(app, { email: 'ada@example.com' })
    const before = totalChanges(app)
    const rows = sessionRows(app)
    for (const url of [
      '/login',
      '/login?next=%2Fsettings',
      '/signup',
      '/public/css/app.css',
      '/healthz',
      '/api/v1/me',
      `/calendar/cal_${'x'.repeat(43)}.ics`,
    ]) {
      // Several visits, as a browser or a script hammering the form would make.
      for (let i = 0; i < 3; i++) {
        const response = await app.inject({ url })
        expect(response.statusCode, url).toBeLessThan(500)
        expect(setCookieNames(response), url).not.toContain('debrief_session')
      }
    }
    expect((await app.inject({ url: '/api/v1/me' })).statusCode).toBe(401)
    expect(totalChanges(app)).toBe(before)
    expect(sessionRows(app)).toBe(rows)
  })

  it('gives the login form a signed CSRF cookie instead of a session', async () => {
    const app = await start()
    await signUp(app, { email: 'ada@example.com' })
    const page = await app.inject({ url: '/login' })
    expect(setCookieNames(page)).toEqual(['debrief_csrf'])
    const cookie = (page.cookies as { name: string; value: string; httpOnly?: boolean }[])[0]!
    expect(cookie.httpOnly).toBe(true)
    // value.signature: a cookie the client made up is not accepted as a CSRF secret.
    expect(cookie.value).toMatch(/^[\w-]+\.[\w+/-]+$/)
    expect(page.body).toMatch(/name="_csrf" value="[^"]+"/)
  })

  it('still refuses the login and sign-up forms with a missing, wrong or unpaired CSRF token', async () => {
    const app = await start({ SIGNUP: 'open' })
    await signUp(app, { email: 'ada@example.com' })
    const before = totalChanges(app)
    const login = { email: 'ada@example.com', password: DEFAULT_PASSWORD }
    const signup = { name: 'Eve', email: 'eve@example.com', password: DEFAULT_PASSWORD, timeZone: 'UTC' }

    const visitor = new Agent(app)
    const token = await visitor.csrf('/login')
    const csrfCookie = visitor.cookies.get('debrief_csrf')!
    const stranger = new Agent(app)
    const strangersToken = await stranger.csrf('/signup')

    for (const [url, fields] of [
      ['/login', login],
      ['/signup', signup],
    ] as const) {
      // No token at all.
      expect((await visitor.request({ method: 'POST', url, ...form(fields) })).statusCode, url).toBe(403)
      // A made-up token.
      expect((await visitor.submit(url, { ...fields, _csrf: 'forged' })).statusCode, url).toBe(403)
      // Another visitor's token with this visitor's cookie.
      expect((await visitor.submit(url, { ...fields, _csrf: strangersToken })).statusCode, url).toBe(403)
      // A valid token without its cookie.
      const noCookie = await app.inject({ method: 'POST', url, ...form({ ...fields, _csrf: token }) })
      expect(noCookie.statusCode, url).toBe(403)
      // The token with a cookie whose signature does not match.
      const tampered = await app.inject({
        method: 'POST',
        url,
        ...form({ ...fields, _csrf: token }),
        headers: { ...form({}).headers, cookie: `debrief_csrf=${csrfCookie.replace(/\.[^.]*$/, '.AAAA')}` },
      })
      expect(tampered.statusCode, url).toBe(403)
    }
    expect(totalChanges(app)).toBe(before)
    expect(app.repos.users.findByEmail('eve@example.com')).toBeUndefined()
  })

  it('writes the first session row at login, with a new id, and binds later forms to that session', async () => {
    const app = await start({ SIGNUP: 'open' })
    await signUp(app, { email: 'ada@example.com' })
    const rows = sessionRows(app)
    const agent = new Agent(app)
    const anonymousToken = await agent.csrf('/login')
    expect(agent.cookies.get('debrief_session')).toBeUndefined()

    const response = await agent.submit('/login', { email: 'ada@example.com', password: DEFAULT_PASSWORD })
    expect(response.statusCode).toBe(302)
    expect(agent.cookies.get('debrief_session')).toBeDefined()
    expect(sessionRows(app)).toBe(rows + 1)

    // The token from before the login does not work for a signed-in form; the page's own does.
    const profile = { name: 'Ada L.', email: 'ada@example.com', timeZone: 'UTC' }
    expect((await agent.submit('/settings/profile', { ...profile, _csrf: anonymousToken })).statusCode).toBe(
      403,
    )
    expect((await agent.submit('/settings/profile', profile, '/settings')).statusCode).toBe(302)
    expect(app.repos.users.findByEmail('ada@example.com')?.name).toBe('Ada L.')
  })

  it('sets no cookie and creates no session for the API, health checks or assets, even with a session cookie', async () => {
    const app = await start()
    const agent = await signUp(app, { email: 'ada@example.com' })
    const rows = sessionRows(app)
    const before = totalChanges(app)
    for (const url of ['/api/v1/me', '/healthz', '/public/js/app.js', '/docs/json']) {
      const response = await agent.get(url)
      expect(response.headers['set-cookie'], url).toBeUndefined()
    }
    expect(totalChanges(app)).toBe(before)
    expect(sessionRows(app)).toBe(rows)
  })
})
