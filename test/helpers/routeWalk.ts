import { afterAll, beforeAll } from 'vitest'
import { type AccountRows, viewingCoach, walkableApp } from './accountRows.js'
import type { Agent } from './agent.js'
import type { TestApp } from './app.js'
import { userId } from './coach.js'
import type { RegisteredRoute } from './routes.js'

export interface RouteWalk {
  ctx: Awaited<ReturnType<typeof walkableApp>>['ctx']
  routes: RegisteredRoute[]
  /** Ada, with a row of every kind: the account the walk aims at. */
  ada: AccountRows
  /** Bob, likewise, when the walk asked for him: rows that are never Ada's. */
  bob: AccountRows
}

export interface CoachWalk extends RouteWalk {
  /** Carol, Ada's coach, already viewing Ada's debrief, and her API token. */
  carol: Agent
  carolToken: string
  adaId: number
  bobId: number
}

/**
 * What a file that walks every route starts from, made before its tests and closed after them: an app whose
 * routes are recorded, with Ada (and Bob, if asked) populated; its fields are there once the tests run.
 */
export function routeWalk(withBob: boolean): RouteWalk {
  const walk = {} as RouteWalk
  beforeAll(async () => {
    const made = await walkableApp('ada@example.com', ...(withBob ? ['bob@example.com'] : []))
    Object.assign(walk, { ctx: made.ctx, routes: made.routes, ada: made.accounts[0], bob: made.accounts[1] })
  })
  afterAll(async () => walk.ctx?.close())
  return walk
}

/** The same walk with Carol, whom Ada gave access through the real pages, viewing Ada's debrief. */
export function coachWalk(withBob: boolean, tokenName: string): CoachWalk {
  const walk = routeWalk(withBob) as CoachWalk
  beforeAll(async () => {
    const app: TestApp = walk.ctx.app
    const coach = await viewingCoach(app, { agent: walk.ada.agent, email: 'ada@example.com' }, tokenName)
    Object.assign(walk, { carol: coach.agent, carolToken: coach.token, adaId: coach.candidateId })
    if (withBob) walk.bobId = userId(app, 'bob@example.com')
  })
  return walk
}
