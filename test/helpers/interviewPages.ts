import { logInterview } from './interviews.js'
import { openSignupSuite } from './openSignupSuite.js'

/**
 * The app the interview page tests share (accounts `page<n>@example.com`), with the stored row of
 * an interview and a way to start from an account that has logged one.
 */
export function interviewPagesSuite() {
  const suite = openSignupSuite('page')
  const row = (id: number) =>
    suite.ctx.app.db.prepare('SELECT * FROM interviews WHERE id = ?').get(id) as Record<string, unknown>
  /** A new account with one interview logged through the form, `fields` over its defaults. */
  async function withInterview(fields: Record<string, string> = {}) {
    const agent = await suite.newUser()
    return { agent, id: await logInterview(agent, fields) }
  }
  return { suite, row, withInterview }
}
