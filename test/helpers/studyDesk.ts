import { signUp } from './agent.js'
import { type Cleanup, createTestApp } from './app.js'

/** An app closed after the test, with Sam (in New York) signed up through the form: where the study tests start. */
export async function samsDesk(cleanups: Cleanup[]) {
  const t = await createTestApp()
  cleanups.push(t.close)
  const agent = await signUp(t.app, { email: 'sam@example.com', timeZone: 'America/New_York' })
  const user = t.app.repos.users.findByEmail('sam@example.com')!
  return { ...t, agent, user }
}
