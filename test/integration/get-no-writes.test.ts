import { beforeAll, describe, expect, it } from 'vitest'
import { urlFor } from '../helpers/accountRows.js'
import type { Agent } from '../helpers/agent.js'
import { coachWalk } from '../helpers/routeWalk.js'

// Every GET route Fastify registered, requested for a populated account: none may change a row.
// Writes are seen by temporary triggers on the app's own connection, on every table but the
// session store's (a page that renders a form keeps its CSRF secret in the session on purpose)
// and coach_views: a coach's reads of a candidate's debrief are logged for the candidate, the
// one write a GET makes on purpose (the candidate consented on the promise of that log); the
// coach walk below checks that this is all such a GET writes.

const walk = coachWalk(false, 'coach')

const SESSION_TABLE = 'sessions'
const AUDIT_TABLE = 'coach_views'

// Runs after the walk's own set-up, so the triggers watch only what the tests' requests write.
beforeAll(async () => {
  const db = walk.ctx.app.db
  db.exec('CREATE TEMP TABLE observed_writes (tbl TEXT NOT NULL, op TEXT NOT NULL)')
  const schema = db
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string; sql: string }[]
  // Full-text indexes are virtual tables kept by triggers on the tables they index: watching those is enough.
  const virtual = schema.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name)
  const tables = schema
    .map((t) => t.name)
    .filter((name) => !virtual.some((v) => name === v || name.startsWith(`${v}_`)))
  for (const table of tables.filter((t) => t !== SESSION_TABLE && t !== AUDIT_TABLE))
    for (const op of ['INSERT', 'UPDATE', 'DELETE'])
      db.exec(
        `CREATE TEMP TRIGGER observe_${op.toLowerCase()}_${table} AFTER ${op} ON main."${table}"
         BEGIN INSERT INTO observed_writes VALUES ('${table}', '${op}'); END`,
      )
})

const observed = () =>
  walk.ctx.app.db.prepare('SELECT tbl, op FROM observed_writes').all() as { tbl: string; op: string }[]

// Static files and the API docs' assets are files on disk, not account data.
const isFile = (url: string) => /^\/(public|docs\/static)\//.test(url) || url.includes('*')

/**
 * Requests every GET route for Ada's rows, the API ones with `apiHeaders` and the pages as
 * `agent`, each expected to answer below 500; returns each URL that wrote a watched row, with what it wrote.
 */
async function walkGets(agent: Agent, apiHeaders: Record<string, string>): Promise<string[]> {
  const writers: string[] = []
  for (const route of walk.routes.filter((r) => r.method === 'GET' && !isFile(r.url))) {
    const url = urlFor(route.url, walk.ada.ids)
    walk.ctx.app.db.exec('DELETE FROM observed_writes')
    const response = url.startsWith('/api/v1/')
      ? await walk.ctx.app.inject({ url, headers: apiHeaders })
      : await agent.get(url)
    expect(response.statusCode, `GET ${url}`).toBeLessThan(500)
    const writes = observed()
    if (writes.length > 0) writers.push(`GET ${url}: ${writes.map((w) => `${w.op} ${w.tbl}`).join(', ')}`)
  }
  return writers
}

describe('GET changes nothing', () => {
  it('leaves every table as it was after every GET page and API route', async () => {
    const gets = walk.routes.filter((r) => r.method === 'GET' && !isFile(r.url))
    expect(gets.length).toBeGreaterThan(40)
    // A token records the minute it was last used, once a minute by design; the test clock stands
    // still, so after this one request the walk below may not write it again.
    await walk.ctx.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${walk.ada.token}` } })
    const writers = await walkGets(walk.ada.agent, { authorization: `Bearer ${walk.ada.token}` })
    expect(writers).toEqual([])
  })

  it('writes only the audit of what a coach read, for every GET a coach makes of a candidate’s debrief', async () => {
    await walk.ctx.app.inject({
      url: '/api/v1/interviews',
      headers: { authorization: `Bearer ${walk.carolToken}` },
    })
    const audit = () => walk.ctx.app.db.prepare('SELECT count(*) FROM coach_views').pluck().get() as number
    const before = audit()
    const writers = await walkGets(walk.carol, {
      authorization: `Bearer ${walk.carolToken}`,
      'debrief-candidate': String(walk.adaId),
    })
    expect(writers).toEqual([])
    expect(audit()).toBeGreaterThan(before)
  })

  it('sees a write when one happens, so the silence above means something', async () => {
    walk.ctx.app.db.exec('DELETE FROM observed_writes')
    const response = await walk.ctx.app.inject({
      method: 'POST',
      url: '/api/v1/ask-questions',
      headers: { authorization: `Bearer ${walk.ada.token}` },
      payload: { text: 'How is the team organised?' },
    })
    expect(response.statusCode).toBe(201)
    expect(observed()).toContainEqual({ tbl: 'ask_questions', op: 'INSERT' })
  })
})
