import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, DEFAULT_PASSWORD } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { signUpUser } from '../helpers/interviews.js'

// What a browser does with a Location header: resolve it against the page's address.
const SITE = 'http://debrief.test'
const PAYLOADS = [
  '/\t/evil.example',
  '/%09/evil.example',
  '/\\/evil.example',
  '/%5c/evil.example',
  '\\\\evil.example',
  '//evil.example',
  '/.//evil.example',
  '/a/..//evil.example',
  '/%2e//evil.example',
  'https://evil.example',
  'https:evil.example',
  'javascript:alert(1)',
  ' /evil.example',
  '/\r\n/evil.example',
  '/%0d%0aSet-Cookie:%20x=y',
  '/\r\nSet-Cookie: x=y',
  '/\0/evil.example',
  '/\u2028/evil.example',
  '/%E0%A4%A',
  `//evil.example/${'a'.repeat(3000)}`,
]

let ctx: Awaited<ReturnType<typeof createTestApp>>
let address = 0
// Login is rate-limited per client address; each attempt here comes from its own.
const nextAddress = () => `10.20.${(++address >> 8) & 255}.${address & 255}`

beforeAll(async () => {
  ctx = await createTestApp()
  await signUpUser(ctx.app, { email: 'ada@example.com' })
})
afterAll(async () => ctx?.close())

/** The Location a browser would follow, checked to be a path on this site. */
function expectLocalLocation(location: unknown, what: string) {
  expect(typeof location, what).toBe('string')
  const value = location as string
  expect(value, what).toMatch(/^\/(?![/\\])/)
  expect(value, what).not.toMatch(/[\p{Cc}\u2028\u2029\\]/u)
  expect(new URL(value, SITE).origin, what).toBe(SITE)
}

async function logIn(next: string) {
  const agent = new Agent(ctx.app)
  const remoteAddress = nextAddress()
  await agent.request({ url: '/login', remoteAddress })
  const form = new URLSearchParams({
    email: 'ada@example.com',
    password: DEFAULT_PASSWORD,
    next,
    _csrf: await agent.csrf(),
  })
  const response = await agent.postForm('/login', form, remoteAddress)
  return { agent, response }
}

describe('next after login', () => {
  it('keeps a local path with its query and fragment', async () => {
    const { agent, response } = await logIn('/questions?q=kerberos#results')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/questions?q=kerberos#results')
    const back = await agent.get('/login?next=%2Finterviews%3Fpage%3D2')
    expect(back.headers.location).toBe('/interviews?page=2')
  })

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    'POST /login with next=%s logs in and stays on the site',
    async (_label, next) => {
      const { agent, response } = await logIn(next)
      expect(response.statusCode).toBe(302)
      expectLocalLocation(response.headers.location, next)
      // A normal login: the session works afterwards.
      expect((await agent.get('/')).statusCode).toBe(200)
    },
  )

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    'GET /login?next=%s when logged in redirects within the site',
    async (_label, next) => {
      const { agent } = await logIn('/')
      const response = await agent.get(`/login?next=${encodeURIComponent(next)}`)
      expect(response.statusCode).toBe(302)
      expectLocalLocation(response.headers.location, next)
    },
  )

  it.each(PAYLOADS.map((p) => [JSON.stringify(p), p]))(
    'GET /login?next=%s when logged out shows the form without carrying it',
    async (_label, next) => {
      const response = await ctx.app.inject({ url: `/login?next=${encodeURIComponent(next)}` })
      expect(response.statusCode).toBe(200)
      expect(/name="next" value="([^"]*)"/.exec(response.body)?.[1]).toBe('')
    },
  )

  it('logs in with an overlong next instead of refusing the form', async () => {
    const { response } = await logIn(`/${'a'.repeat(5000)}`)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(`/${'a'.repeat(5000)}`)
  })

  it('carries a local next through the login form', async () => {
    const response = await ctx.app.inject({ url: '/login?next=%2Finterviews%2F3' })
    expect(/name="next" value="([^"]*)"/.exec(response.body)?.[1]).toBe('/interviews/3')
  })
})
