import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_PASSWORD } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'

const RACERS = 6

let ctx: Awaited<ReturnType<typeof createTestApp>> | undefined
afterEach(async () => {
  await ctx?.close()
  ctx = undefined
})

/** A browser that has opened the sign-up page: its session cookie and the form's CSRF token. */
async function openSignupPage(base: string) {
  const page = await fetch(`${base}/signup`)
  expect(page.status).toBe(200)
  const cookie = page.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1]
  expect(csrf).toBeDefined()
  return (email: string) =>
    fetch(`${base}/signup`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        name: email.split('@')[0]!,
        email,
        password: DEFAULT_PASSWORD,
        timeZone: 'UTC',
        _csrf: csrf!,
      }).toString(),
    })
}

describe('sign-ups racing each other over HTTP', () => {
  it('creates exactly one first account while sign-up is closed; the others are told it is closed', async () => {
    ctx = await createTestApp()
    const base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    const forms = await Promise.all(Array.from({ length: RACERS }, () => openSignupPage(base)))
    const responses = await Promise.all(forms.map((submit, i) => submit(`racer${i}@example.com`)))

    const statuses = responses.map((r) => r.status).sort()
    expect(statuses).toEqual([302, ...Array(RACERS - 1).fill(403)])
    for (const response of responses.filter((r) => r.status === 403))
      expect(await response.text()).toContain('Sign-up closed')

    const users = ctx.app.db.prepare('SELECT email, is_admin FROM users').all() as {
      email: string
      is_admin: number
    }[]
    expect(users).toHaveLength(1)
    expect(users[0]!.is_admin).toBe(1)
  })

  it('creates one account for one email when sign-up is open; the others get a 400 naming the field', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    const base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    const forms = await Promise.all(Array.from({ length: RACERS }, () => openSignupPage(base)))
    const responses = await Promise.all(forms.map((submit) => submit('same@example.com')))

    expect(responses.map((r) => r.status).sort()).toEqual([302, ...Array(RACERS - 1).fill(400)])
    for (const response of responses.filter((r) => r.status === 400))
      expect(await response.text()).toContain('already used by another account')
    expect(ctx.app.repos.users.count()).toBe(1)
  })
})
