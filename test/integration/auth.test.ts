import { afterEach, describe, expect, it } from 'vitest'
import { Agent, DEFAULT_PASSWORD, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

describe('accounts and sessions', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  it('makes the first account the admin, then closes sign-up by default', async () => {
    ctx = await createTestApp()
    await signUp(ctx.app, { email: 'first@example.com' })
    expect(ctx.app.repos.users.findByEmail('first@example.com')?.isAdmin).toBe(true)

    const visitor = new Agent(ctx.app)
    const page = await visitor.get('/signup')
    expect(page.statusCode).toBe(403)
    expect(page.body).toContain('Sign-up is closed')
    const token = await visitor.csrf('/login')
    const refused = await visitor.submit('/signup', {
      name: 'Second',
      email: 'second@example.com',
      password: DEFAULT_PASSWORD,
      timeZone: 'UTC',
      _csrf: token,
    })
    expect(refused.statusCode).toBe(403)
    expect(ctx.app.repos.users.findByEmail('second@example.com')).toBeUndefined()
  })

  it('opens a fresh install on creating the first account, and offers sign-up only while it is open', async () => {
    ctx = await createTestApp()
    const visitor = new Agent(ctx.app)
    const fresh = await visitor.get('/login')
    expect(fresh.statusCode).toBe(302)
    expect(fresh.headers.location).toBe('/signup')
    expect((await visitor.get('/signup')).body).toContain('<a href="/signup">Sign up</a>')

    await signUp(ctx.app, { email: 'first@example.com' })
    const login = await visitor.get('/login')
    expect(login.statusCode).toBe(200)
    expect(login.body).toContain('<a href="/login">Log in</a>')
    expect(login.body).not.toContain('href="/signup"')
  })

  it('lets anyone sign up when SIGNUP=open; later accounts are not admins', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    await signUp(ctx.app, { email: 'first@example.com' })
    await signUp(ctx.app, { email: 'second@example.com' })
    expect(ctx.app.repos.users.findByEmail('second@example.com')?.isAdmin).toBe(false)
    expect((await new Agent(ctx.app).get('/login')).body).toContain('<a href="/signup">Sign up</a>')
  })

  it('re-renders sign-up with messages beside the fields and keeps the input (but never the password)', async () => {
    ctx = await createTestApp()
    const agent = new Agent(ctx.app)
    const response = await agent.submit(
      '/signup',
      { name: 'Ada <b>', email: 'not-an-email', password: 'short', timeZone: 'Mars/Olympus' },
      '/signup',
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Email must be a valid email address')
    expect(response.body).toContain('Password must be at least 10 characters')
    expect(response.body).not.toContain('value="short"')
    expect(response.body).toContain('value="Ada &lt;b&gt;"')
    expect(response.body).toContain('value="not-an-email"')
    expect(ctx.app.repos.users.count()).toBe(0)

    const zone = await agent.submit('/signup', {
      name: 'Ada',
      email: 'ada@example.com',
      password: DEFAULT_PASSWORD,
      timeZone: 'Mars/Olympus',
    })
    expect(zone.statusCode).toBe(400)
    expect(zone.body).toContain('Time zone must be an IANA time zone')
    expect(ctx.app.repos.users.count()).toBe(0)
  })

  it('logs in with the right password only, regenerating the session id', async () => {
    ctx = await createTestApp()
    await signUp(ctx.app, { email: 'ada@example.com', timeZone: 'Asia/Kolkata' })
    const agent = new Agent(ctx.app)
    const wrong = await agent.logIn('ada@example.com', 'wrong password!')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('The email or password is not correct.')
    // The form and a failed attempt leave no session behind: there is none to fixate.
    expect(agent.cookies.get('debrief_session')).toBeUndefined()

    const login = () => agent.logIn('ada@example.com', DEFAULT_PASSWORD, '/settings')
    const ok = await login()
    expect(ok.statusCode).toBe(302)
    expect(ok.headers.location).toBe('/settings')
    const firstSid = agent.cookies.get('debrief_session')
    expect(firstSid).toBeDefined()
    expect((await agent.get('/settings')).body).toContain('Asia/Kolkata')

    // Logging in again from an existing session issues a new id.
    expect((await login()).statusCode).toBe(302)
    expect(agent.cookies.get('debrief_session')).toBeDefined()
    expect(agent.cookies.get('debrief_session')).not.toBe(firstSid)
  })

  it('never redirects to another site after login', async () => {
    ctx = await createTestApp()
    await signUp(ctx.app, { email: 'ada@example.com' })
    const agent = new Agent(ctx.app)
    const response = await agent.logIn('ada@example.com', DEFAULT_PASSWORD, '//evil.example')
    expect(response.headers.location).toBe('/')
  })

  it('sets HttpOnly, SameSite=Lax cookies, Secure only when BASE_URL is https', async () => {
    ctx = await createTestApp()
    // A fresh install's first page: sign-up.
    const plain = await ctx.app.inject({ url: '/signup' })
    const cookie = String(plain.headers['set-cookie'])
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Secure/)
    await ctx.close()

    // Behind a TLS-terminating proxy: the browser talks https, the proxy tells us so.
    ctx = await createTestApp({ env: { BASE_URL: 'https://debrief.example.com', TRUST_PROXY: 'true' } })
    const secure = await ctx.app.inject({ url: '/signup', headers: { 'x-forwarded-proto': 'https' } })
    expect(String(secure.headers['set-cookie'])).toMatch(/Secure/)
  })

  it('logout revokes the session: replaying the old cookie no longer works', async () => {
    ctx = await createTestApp()
    const agent = await signUp(ctx.app, { email: 'ada@example.com' })
    const oldCookie = agent.cookieHeader
    expect((await agent.get('/settings')).statusCode).toBe(200)
    const logout = await agent.submit('/logout', {}, '/settings')
    expect(logout.statusCode).toBe(302)
    const replay = await ctx.app.inject({ url: '/settings', headers: { cookie: oldCookie } })
    expect(replay.statusCode).toBe(302)
    expect(replay.headers.location).toBe('/login?next=%2Fsettings')
  })

  it('password change revokes every other session and requires the current password', async () => {
    ctx = await createTestApp()
    const laptop = await signUp(ctx.app, { email: 'ada@example.com' })
    const phone = new Agent(ctx.app)
    await phone.logIn('ada@example.com', DEFAULT_PASSWORD)
    expect((await phone.get('/settings')).statusCode).toBe(200)
    const phoneCookie = phone.cookieHeader
    const laptopOldCookie = laptop.cookieHeader

    const bad = await laptop.submit(
      '/settings/password',
      { currentPassword: 'nope nope nope', newPassword: 'a brand new password' },
      '/settings',
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Current password is not correct')

    const ok = await laptop.submit(
      '/settings/password',
      { currentPassword: DEFAULT_PASSWORD, newPassword: 'a brand new password' },
      '/settings',
    )
    expect(ok.statusCode).toBe(302)
    expect((await laptop.get('/settings')).statusCode).toBe(200)
    for (const cookie of [phoneCookie, laptopOldCookie]) {
      const replay = await ctx.app.inject({ url: '/settings', headers: { cookie } })
      expect(replay.statusCode).toBe(302)
    }
    const again = new Agent(ctx.app)
    const login = await again.logIn('ada@example.com', 'a brand new password')
    expect(login.statusCode).toBe(302)
  })

  it('saves the profile with validated time zone and unique email', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    await signUp(ctx.app, { email: 'bob@example.com' })
    const ada = await signUp(ctx.app, { email: 'ada@example.com' })
    const taken = await ada.submit(
      '/settings/profile',
      { name: 'Ada', email: 'bob@example.com', timeZone: 'UTC' },
      '/settings',
    )
    expect(taken.statusCode).toBe(400)
    expect(taken.body).toContain('Email is already used by another account')
    const ok = await ada.submit(
      '/settings/profile',
      { name: 'Ada L.', email: 'ada@example.com', timeZone: 'America/New_York' },
      '/settings',
    )
    expect(ok.statusCode).toBe(302)
    expect(ctx.app.repos.users.findByEmail('ada@example.com')).toMatchObject({
      name: 'Ada L.',
      timeZone: 'America/New_York',
    })
  })

  it('rate-limits login attempts with 429 and Retry-After', async () => {
    ctx = await createTestApp()
    await signUp(ctx.app, { email: 'ada@example.com' })
    const agent = new Agent(ctx.app)
    const token = await agent.csrf('/login')
    const statuses: number[] = []
    let last: Awaited<ReturnType<Agent['submit']>> | undefined
    for (let i = 0; i < 7; i++) {
      last = await agent.submit('/login', {
        email: 'ada@example.com',
        password: 'guess number ' + i,
        _csrf: token,
      })
      statuses.push(last.statusCode)
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400])
    expect(statuses[6]).toBe(429)
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0)
    expect(last!.body).toContain('Too many attempts')
  })
})
