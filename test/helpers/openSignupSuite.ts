import { afterAll, beforeAll } from 'vitest'
import { createTestApp } from './app.js'
import { signUpUser } from './interviews.js'

/**
 * One app with open sign-up shared by a file's tests, made before them and closed after them; its `ctx` is
 * there once the tests run. `newUser` signs up a fresh account (`<prefix><n>@example.com`, "User <n>"), the
 * latest of which is `lastEmail()`.
 */
export function openSignupSuite(prefix: string) {
  let n = 0
  const lastEmail = () => `${prefix}${n}@example.com`
  const suite = {
    ctx: undefined as unknown as Awaited<ReturnType<typeof createTestApp>>,
    newUser: (timeZone = 'UTC') => {
      n++
      return signUpUser(suite.ctx.app, { email: lastEmail(), name: `User ${n}`, timeZone })
    },
    lastEmail,
  }
  beforeAll(async () => {
    suite.ctx = await createTestApp({ env: { SIGNUP: 'open' } })
  })
  afterAll(async () => suite.ctx?.close())
  return suite
}
