import { createToken } from './agent.js'
import { apiClient } from './interviews.js'
import { openSignupSuite } from './openSignupSuite.js'

/** The app the interviews API tests share (accounts `api<n>@example.com`), and a fresh account's token client. */
export function interviewsApiSuite() {
  const suite = openSignupSuite('api')
  async function newClient(timeZone = 'UTC') {
    const agent = await suite.newUser(timeZone)
    return { agent, api: apiClient(suite.ctx.app, await createToken(agent)) }
  }
  return { suite, newClient }
}

/** A valid interview as the API takes it; pass overrides for the field under test. */
export const interview = (overrides: Record<string, unknown> = {}) => ({
  company: 'Acme',
  role: 'AppSec Engineer',
  kind: 'technical',
  startsAt: '2026-03-02T09:00:00Z',
  endsAt: '2026-03-02T10:00:00Z',
  ...overrides,
})
