import type { InjectOptions } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPrivateApi, isPrivatePage } from '../../src/services/coach/privateAreas.js'
import { type AccountRows, urlFor, viewingCoach, walkableApp } from '../helpers/accountRows.js'
import type { Agent } from '../helpers/agent.js'
import type { createTestApp } from '../helpers/app.js'
import { userId } from '../helpers/coach.js'
import { formEncoded, type RegisteredRoute, sampleBody } from '../helpers/routes.js'

// Every route Fastify registered, walked for a coach whom Ada gave access: a coach reads, and
// never changes, a linked candidate's debrief, and sees nothing of anyone else's.

let ctx: Awaited<ReturnType<typeof createTestApp>>
let routes: RegisteredRoute[]
let ada: AccountRows
let bob: AccountRows
let carol: Agent
let carolToken: string
let adaId: number
let bobId: number

beforeAll(async () => {
  ;({
    ctx,
    routes,
    accounts: [ada, bob],
  } = await walkableApp('ada@example.com', 'bob@example.com'))
  ;({
    agent: carol,
    token: carolToken,
    candidateId: adaId,
  } = await viewingCoach(ctx.app, { agent: ada.agent, email: 'ada@example.com' }, 'coach script'))
  bobId = userId(ctx.app, 'bob@example.com')
})
afterAll(async () => ctx?.close())

// The import in accountWithRows takes the name from its file.
const adaName = () => ctx.app.db.prepare('SELECT name FROM users WHERE id = ?').pluck().get(adaId) as string
const totalChanges = () => ctx.app.db.prepare('SELECT total_changes()').pluck().get() as number
const isApi = (route: RegisteredRoute) => route.url.startsWith('/api/v1/')
const reads = (method: string) => method === 'GET' || method === 'HEAD'
const form = { 'content-type': 'application/x-www-form-urlencoded' }
const at = (route: RegisteredRoute, url: string) => `${route.method} ${url}`
// The coach's own account (caseload, choosing whom to view, invitations), not a candidate's data.
const ownToActor = (route: RegisteredRoute) => route.options.config?.actorOwn === true
const infrastructure = (url: string) =>
  ['/healthz', '/sw.js', '/manifest.webmanifest', '/offline'].includes(url) ||
  /^\/(docs|public)(\/|$)/.test(url) ||
  url.includes('*')
const candidateRoutes = (filter: (r: RegisteredRoute) => boolean) =>
  routes.filter(
    (r) =>
      r.method !== 'HEAD' &&
      !ownToActor(r) &&
      r.options.config?.public !== true &&
      !infrastructure(r.url) &&
      filter(r),
  )
const api = (method: string, url: string, candidate: number | string, body?: unknown) =>
  ctx.app.inject({
    method: method as InjectOptions['method'],
    url,
    headers: { authorization: `Bearer ${carolToken}`, 'debrief-candidate': String(candidate) },
    ...(body !== undefined ? { payload: body as object } : {}),
  })

describe('a coach viewing a linked candidate', () => {
  it('is refused (403) on every page write of the candidate’s data, and nothing changes', async () => {
    // Comments and approvals are the writes a coach may make (coach-reviews tests cover them).
    const writes = candidateRoutes((r) => !isApi(r) && !reads(r.method) && r.options.config?.comment !== true)
    expect(writes.length).toBeGreaterThan(30)
    const csrf = await carol.csrf('/')
    const before = totalChanges()
    for (const route of writes) {
      const url = urlFor(route.url, ada.ids)
      const response = await carol.request({
        method: route.method as InjectOptions['method'],
        url,
        payload: formEncoded({ ...(sampleBody(route) ?? {}), _csrf: csrf }),
        headers: form,
      })
      expect(response.statusCode, `${at(route, url)}: ${response.body.slice(0, 200)}`).toBe(403)
    }
    expect(totalChanges()).toBe(before)
  })

  it('is refused (403) on every API write with Debrief-Candidate, and nothing changes', async () => {
    const writes = candidateRoutes((r) => isApi(r) && !reads(r.method) && r.options.config?.comment !== true)
    expect(writes.length).toBeGreaterThan(25)
    // A token records the minute it was last used (once a minute by design); the clock stands still.
    await api('GET', '/api/v1/interviews', adaId)
    const before = totalChanges()
    for (const route of writes) {
      const url = urlFor(route.url, ada.ids)
      const response = await api(route.method, url, adaId, sampleBody(route) ?? {})
      expect(response.statusCode, `${at(route, url)}: ${response.body.slice(0, 200)}`).toBe(403)
    }
    expect(totalChanges()).toBe(before)
  })

  it('may comment on and approve the candidate’s notes and answers, through pages and the API alike', async () => {
    const commenting = candidateRoutes((r) => r.options.config?.comment === true)
    expect(commenting.map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      commenting
        .map((r) => `${r.method} ${r.url}`)
        .filter((name) => /\/(comments|approval|approve)$/.test(name))
        .sort(),
    )
    expect(commenting.length).toBeGreaterThanOrEqual(4)
    const before = ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get() as number
    const comment = commenting.find((r) => isApi(r) && r.method === 'POST' && r.url.includes('/notes/'))!
    const response = await api('POST', urlFor(comment.url, ada.ids), adaId, { body: 'Lead with the answer.' })
    expect(response.statusCode, response.body).toBe(201)
    expect(ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get()).toBe(before + 1)
  })

  it('reads every page and API route of the candidate’s debrief except the private ones (403)', async () => {
    const gets = candidateRoutes((r) => r.method === 'GET')
    expect(gets.length).toBeGreaterThan(40)
    for (const route of gets) {
      const url = urlFor(route.url, ada.ids)
      const response = isApi(route) ? await api('GET', url, adaId) : await carol.get(url)
      const isPrivate = isApi(route) ? isPrivateApi(route.url) : isPrivatePage(route.url)
      if (isPrivate) expect(response.statusCode, at(route, url)).toBe(403)
      else expect(response.statusCode, `${at(route, url)}: ${response.body.slice(0, 200)}`).toBeLessThan(400)
    }
  })

  it('shows the candidate’s data read-only, with the banner, and no forms but the banner’s', async () => {
    const page = await carol.get(`/interviews/${ada.ids.interview}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Viewing <strong>${adaName()}’s debrief</strong> — read-only`)
    expect(page.body).toContain('Acme — Engineer')
    const actions = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1])
    expect(actions.sort()).toEqual(['/coach/stop', '/logout'])
    const own = await ada.agent.get(`/interviews/${ada.ids.interview}`)
    expect([...own.body.matchAll(/<form method="post"/g)].length).toBeGreaterThan(5)
  })

  it('answers 404 for another account’s rows (Bob’s) on every route that takes an id', async () => {
    const withId = candidateRoutes((r) => r.url.includes(':id'))
    expect(withId.length).toBeGreaterThan(40)
    const csrf = await carol.csrf('/')
    // Reads write the audit of what the coach looked at (coach_views) on purpose; writes change nothing.
    let changedByWrites = 0
    for (const route of withId) {
      const url = urlFor(route.url, bob.ids)
      const body = reads(route.method) ? undefined : (sampleBody(route) ?? {})
      const before = totalChanges()
      const response = isApi(route)
        ? await api(route.method, url, adaId, body)
        : await carol.request({
            method: route.method as InjectOptions['method'],
            url,
            ...(body ? { payload: formEncoded({ ...body, _csrf: csrf }), headers: form } : {}),
          })
      // Private and write routes are refused before any row is looked up; reads of Bob's rows are 404.
      expect([403, 404], `${at(route, url)}: ${response.statusCode}`).toContain(response.statusCode)
      if (reads(route.method) && !(isApi(route) ? isPrivateApi(route.url) : isPrivatePage(route.url)))
        expect(response.statusCode, at(route, url)).toBe(404)
      if (!reads(route.method)) changedByWrites += totalChanges() - before
    }
    expect(changedByWrites).toBe(0)
  })
})

describe('a coach and an unlinked candidate', () => {
  it('answers 404 on every API route for a Debrief-Candidate the coach is not linked to, writing nothing', async () => {
    const all = candidateRoutes(isApi)
    const before = totalChanges()
    for (const candidate of [bobId, 999_999, 'abc', '0']) {
      for (const route of all) {
        const url = urlFor(route.url, bob.ids)
        const response = await api(
          route.method,
          url,
          candidate,
          reads(route.method) ? undefined : (sampleBody(route) ?? {}),
        )
        expect(response.statusCode, `${at(route, url)} as ${candidate}`).toBe(404)
      }
    }
    expect(totalChanges()).toBe(before)
  })

  it('cannot choose an unlinked candidate on /coach', async () => {
    const response = await carol.submit('/coach/view', { candidateId: String(bobId) }, '/coach')
    expect(response.statusCode).toBe(404)
    expect((await carol.get('/')).body).toContain(`${adaName()}’s debrief`)
  })
})

describe('what the candidate sees', () => {
  it('logs the coach’s page views for the candidate, and only for them', async () => {
    await carol.get(`/questions/${ada.ids.question}`)
    const log = await ada.agent.get('/settings/coach')
    expect(log.body).toContain(`<code>/questions/${ada.ids.question}</code>`)
    expect(log.body).toContain('Carol Coach')
    const rows = ctx.app.db.prepare('SELECT DISTINCT candidate_id FROM coach_views').pluck().all()
    expect(rows).toEqual([adaId])
  })
})
