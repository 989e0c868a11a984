import { afterEach, describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { Agent, createToken, signUp } from '../helpers/agent.js'
import { createTestApp, tempDir, testConfig } from '../helpers/app.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

describe('web security', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  describe('CSRF', () => {
    it('refuses a state-changing form without a token, with a wrong one, or with another session’s token', async () => {
      ctx = await createTestApp({ env: { SIGNUP: 'open' } })
      const ada = await signUp(ctx.app, { email: 'ada@example.com' })
      const bob = await signUp(ctx.app, { email: 'bob@example.com' })
      const bobsToken = await bob.csrf('/settings')

      const form = { name: 'Hacked', email: 'ada@example.com', timeZone: 'UTC' }
      const missing = await ada.postForm('/settings/profile', form)
      expect(missing.statusCode).toBe(403)
      expect(missing.body).toContain('This form has expired or did not come from Debrief')
      expect((await ada.submit('/settings/profile', { ...form, _csrf: 'forged' })).statusCode).toBe(403)
      expect((await ada.submit('/settings/profile', { ...form, _csrf: bobsToken })).statusCode).toBe(403)
      expect(ctx.app.repos.users.findByEmail('ada@example.com')?.name).toBe('ada')

      // Even an anonymous form (login) needs its token.
      const anonymous = await new Agent(ctx.app).postForm('/login', {
        email: 'ada@example.com',
        password: 'x',
      })
      expect(anonymous.statusCode).toBe(403)
    })
  })

  describe('headers', () => {
    it('sends a CSP without inline script and without upgrade-insecure-requests over plain HTTP', async () => {
      ctx = await createTestApp()
      const response = await ctx.app.inject({ url: '/login' })
      const csp = String(response.headers['content-security-policy'])
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('upgrade-insecure-requests')
      expect(response.headers['x-content-type-options']).toBe('nosniff')
      expect(response.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/)
    })

    it('upgrades insecure requests when served over https', async () => {
      ctx = await createTestApp({ env: { BASE_URL: 'https://debrief.example.com' } })
      const csp = String((await ctx.app.inject({ url: '/login' })).headers['content-security-policy'])
      expect(csp).toContain('upgrade-insecure-requests')
    })
  })

  describe('API authentication', () => {
    it('answers 401 without a token, with a wrong one and with a revoked one', async () => {
      ctx = await createTestApp()
      const agent = await signUp(ctx.app, { email: 'ada@example.com' })
      const token = await createToken(agent, 'script')
      const call = (authorization?: string) =>
        ctx.app.inject({ url: '/api/v1/me', headers: authorization ? { authorization } : {} })

      const none = await call()
      expect(none.statusCode).toBe(401)
      expect(none.json().message).toContain('Authorization: Bearer')
      expect((await call('Bearer dbf_wrong')).statusCode).toBe(401)
      expect((await call(`Basic ${token}`)).statusCode).toBe(401)
      expect((await call(`Bearer ${token}`)).statusCode).toBe(200)

      const settings = await agent.get('/settings')
      const id = /action="\/settings\/tokens\/(\d+)\/revoke"/.exec(settings.body)?.[1]
      expect(id).toBeDefined()
      expect((await agent.submit(`/settings/tokens/${id}/revoke`, {}, '/settings')).statusCode).toBe(302)
      const revoked = await call(`Bearer ${token}`)
      expect(revoked.statusCode).toBe(401)
      expect(revoked.json().message).toContain('revoked')
    })

    it('does not accept the session cookie on the API (so the API needs no CSRF token)', async () => {
      ctx = await createTestApp()
      const agent = await signUp(ctx.app, { email: 'ada@example.com' })
      expect((await agent.get('/api/v1/me')).statusCode).toBe(401)
    })

    it('stores only a hash of the token', async () => {
      ctx = await createTestApp()
      const agent = await signUp(ctx.app, { email: 'ada@example.com' })
      const token = await createToken(agent)
      const rows = ctx.app.db.prepare('SELECT * FROM api_tokens').all() as Record<string, unknown>[]
      expect(JSON.stringify(rows)).not.toContain(token)
      expect((await agent.get('/settings')).body).not.toContain(token)
    })
  })

  describe('bad input never gives a 500', () => {
    const send = async (ctx: Ctx, token: string, payload: string, contentType = 'application/json') =>
      ctx.app.inject({
        method: 'PATCH',
        url: '/api/v1/me',
        payload,
        headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      })

    it('malformed JSON, wrong types, unknown fields, oversized bodies and wrong media types are 4xx with a message', async () => {
      ctx = await createTestApp()
      const token = await createToken(await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada' }))

      const malformed = await send(ctx, token, '{"name": ')
      expect(malformed.statusCode).toBe(400)
      expect(malformed.json()).toMatchObject({ error: 'Bad Request' })
      expect(malformed.json().message).toMatch(/JSON/)

      const wrongType = await send(ctx, token, JSON.stringify({ name: 42 }))
      expect(wrongType.statusCode).toBe(400)
      expect(wrongType.json().fields).toEqual({ name: 'must be a string' })

      const unknown = await send(ctx, token, JSON.stringify({ isAdmin: true }))
      expect(unknown.statusCode).toBe(400)
      expect(unknown.json().fields).toEqual({ isAdmin: 'is not a known field' })

      const tooLong = await send(ctx, token, JSON.stringify({ name: 'x'.repeat(101) }))
      expect(tooLong.statusCode).toBe(400)
      expect(tooLong.json().fields.name).toBe('must be at most 100 characters')

      const badZone = await send(ctx, token, JSON.stringify({ timeZone: 'Nowhere/Special' }))
      expect(badZone.statusCode).toBe(400)
      expect(badZone.json().fields.timeZone).toMatch(/IANA/)

      const huge = await send(ctx, token, JSON.stringify({ name: 'x'.repeat(300 * 1024) }))
      expect(huge.statusCode).toBe(413)
      expect(huge.json().message).toMatch(/too large/)

      const media = await send(ctx, token, 'name=x', 'text/csv')
      expect(media.statusCode).toBe(415)

      expect(ctx.app.repos.users.findByEmail('ada@example.com')?.name).toBe('Ada')
    })

    it('shows a friendly page for HTML 404s and never a stack trace for 500s', async () => {
      const dataDir = tempDir()
      const app = await buildApp({ config: testConfig(dataDir), logger: false })
      app.get('/boom', async () => {
        throw new Error('secret internal detail at /srv/x.ts:12')
      })
      await app.ready()
      try {
        const missing = await app.inject({ url: '/nowhere', headers: { accept: 'text/html' } })
        expect(missing.statusCode).toBe(404)
        expect(missing.headers['content-type']).toMatch(/text\/html/)
        expect(missing.body).toContain('There is nothing at /nowhere')

        const html = await app.inject({ url: '/boom', headers: { accept: 'text/html' } })
        expect(html.statusCode).toBe(500)
        expect(html.body).toContain('Something went wrong on our side')
        expect(html.body).not.toContain('secret internal detail')

        const json = await app.inject({ url: '/boom', headers: { accept: 'application/json' } })
        expect(json.statusCode).toBe(500)
        expect(json.json()).toEqual({
          error: 'Internal Server Error',
          message: expect.stringContaining('Something went wrong'),
        })
      } finally {
        await app.close()
      }
    })
  })

  describe('per-user isolation', () => {
    it('two users never see each other’s settings or tokens', async () => {
      ctx = await createTestApp({ env: { SIGNUP: 'open' } })
      const ada = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone: 'Asia/Kolkata' })
      const bob = await signUp(ctx.app, {
        email: 'bob@example.com',
        name: 'Bob',
        timeZone: 'America/New_York',
      })
      await createToken(ada, 'ada-laptop-script')
      const bobToken = await createToken(bob, 'bob-cron-job')

      const adaSettings = (await ada.get('/settings')).body
      expect(adaSettings).toContain('ada-laptop-script')
      expect(adaSettings).not.toContain('bob-cron-job')
      expect(adaSettings).not.toContain('bob@example.com')

      // Ada cannot revoke Bob's token by guessing its id.
      const bobTokenId = /action="\/settings\/tokens\/(\d+)\/revoke"/.exec(
        (await bob.get('/settings')).body,
      )?.[1]
      await ada.submit(`/settings/tokens/${bobTokenId}/revoke`, {}, '/settings')
      const me = await ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${bobToken}` } })
      expect(me.statusCode).toBe(200)
      expect(me.json()).toMatchObject({ email: 'bob@example.com', timeZone: 'America/New_York' })
    })
  })

  it('reports health with a database check', async () => {
    ctx = await createTestApp()
    const response = await ctx.app.inject({ url: '/healthz' })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ status: 'ok', database: 'ok' })
  })

  it('serves the OpenAPI document with the bearer scheme', async () => {
    ctx = await createTestApp()
    const response = await ctx.app.inject({ url: '/docs/json' })
    expect(response.statusCode).toBe(200)
    const doc = response.json()
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(Object.keys(doc.paths)).toContain('/api/v1/me')
    expect(Object.keys(doc.paths).every((path: string) => path.startsWith('/api/'))).toBe(true)
  })
})
