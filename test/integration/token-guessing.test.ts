import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TOKEN_GUESSES_PER_WINDOW } from '../../src/plugins/security.js'
import { type Agent, createToken } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { signUpUser } from '../helpers/interviews.js'

let ctx: Awaited<ReturnType<typeof createTestApp>>
let ada: Agent
let token: string
let feed: string

beforeAll(async () => {
  ctx = await createTestApp()
  ada = await signUpUser(ctx.app, { email: 'ada@example.com' })
  token = await createToken(ada, 'script')
  const page = await ada.submit('/settings/calendar/rotate', {}, '/settings/calendar')
  const url = /id="calendar-url" type="text" readonly value="([^"]+)"/.exec(page.body)?.[1]
  if (!url) throw new Error('feed address not shown')
  feed = new URL(url).pathname
})
afterAll(async () => ctx?.close())

const api = (remoteAddress: string, authorization?: string) =>
  ctx.app.inject({ url: '/api/v1/me', remoteAddress, headers: authorization ? { authorization } : {} })
const calendar = (remoteAddress: string, path: string) => ctx.app.inject({ url: path, remoteAddress })
const wrongToken = (i: number) => `Bearer dbf_${String(i).padStart(43, 'x')}`
const wrongFeed = (i: number) => `/calendar/cal_${String(i).padStart(43, 'x')}.ics`

function expectThrottled(response: Awaited<ReturnType<typeof api>>) {
  expect(response.statusCode).toBe(429)
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0)
  expect(response.body).toContain('Too many wrong tokens from your address')
}

describe('guessing tokens', () => {
  it('refuses a client with 429 and Retry-After after too many wrong API tokens, even its next right one', async () => {
    for (let i = 0; i < TOKEN_GUESSES_PER_WINDOW; i++)
      expect((await api('192.0.2.10', wrongToken(i))).statusCode).toBe(401)
    const refused = await api('192.0.2.10', wrongToken(TOKEN_GUESSES_PER_WINDOW))
    expectThrottled(refused)
    expect(refused.json().error).toBe('Too Many Requests')
    // Otherwise the answer to a right guess would stand out from the refusals.
    expectThrottled(await api('192.0.2.10', `Bearer ${token}`))

    const other = await api('192.0.2.11', `Bearer ${token}`)
    expect(other.statusCode).toBe(200)
    expect(other.json().email).toBe('ada@example.com')
  })

  it('never slows down a script with a valid token, nor counts requests that send none', async () => {
    for (let i = 0; i < 3 * TOKEN_GUESSES_PER_WINDOW; i++) {
      expect((await api('192.0.2.20', `Bearer ${token}`)).statusCode).toBe(200)
      expect((await api('192.0.2.20')).statusCode).toBe(401)
    }
  })

  it('refuses a client with 429 after too many wrong calendar addresses; the real address still works elsewhere', async () => {
    for (let i = 0; i < TOKEN_GUESSES_PER_WINDOW; i++)
      expect((await calendar('192.0.2.30', wrongFeed(i))).statusCode).toBe(404)
    expectThrottled(await calendar('192.0.2.30', wrongFeed(TOKEN_GUESSES_PER_WINDOW)))
    expectThrottled(await calendar('192.0.2.30', feed))

    const other = await calendar('192.0.2.31', feed)
    expect(other.statusCode).toBe(200)
    expect(other.body).toContain('BEGIN:VCALENDAR')
  })

  it('counts wrong API tokens and wrong calendar addresses together', async () => {
    for (let i = 0; i < TOKEN_GUESSES_PER_WINDOW; i++)
      await (i % 2 === 0 ? api('192.0.2.40', wrongToken(i)) : calendar('192.0.2.40', wrongFeed(i)))
    expectThrottled(await api('192.0.2.40', wrongToken(99)))
    expectThrottled(await calendar('192.0.2.40', wrongFeed(99)))
  })
})
