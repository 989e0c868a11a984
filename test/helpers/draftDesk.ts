import { signUp } from './agent.js'
import { createTestApp } from './app.js'
import { type DebriefSeed, seedDebrief, userIdOf } from './draftFixtures.js'

/**
 * An app without the scheduler (a test runs each pass itself), with Ada signed up through the form and her
 * debrief seeded: the desk every drafts test starts from.
 */
export async function adasDesk(debrief: DebriefSeed, options: Parameters<typeof createTestApp>[0] = {}) {
  const ctx = await createTestApp({ scheduler: false, ...options })
  const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
  const seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), debrief)
  return { ctx, agent, seed }
}

/** What a drafts test holds between its set-up and its steps. */
export type Desk = Awaited<ReturnType<typeof adasDesk>>
