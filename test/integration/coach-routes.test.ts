import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { isPrivateApi, isPrivatePage } from '../../src/services/coach/privateAreas.js'
import { urlFor } from '../helpers/accountRows.js'
import { formEncoded, type RegisteredRoute, sampleBody } from '../helpers/routes.js'
import { coachWalk } from '../helpers/routeWalk.js'

// Every route Fastify registered, walked for a coach whom Ada gave access: a coach reads, and
// never changes, a linked candidate's debrief, and sees nothing of anyone else's.

const walk = coachWalk(true, 'coach script')

// The import in accountWithRows takes the name from its file.
const adaName = () =>
  walk.ctx.app.db.prepare('SELECT name FROM users WHERE id = ?').pluck().get(walk.adaId) as string
const totalChanges = () => walk.ctx.app.db.prepare('SELECT total_changes()').pluck().get() as number
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
  walk.routes.filter(
    (r) =>
      r.method !== 'HEAD' &&
      !ownToActor(r) &&
      r.options.config?.public !== true &&
      !infrastructure(r.url) &&
      filter(r),
  )
const api = (method: string, url: string, candidate: number | string, body?: unknown) =>
  walk.ctx.app.inject({
    method: method as InjectOptions['method'],
    url,
    headers: { authorization: `Bearer ${walk.carolToken}`, 'debrief-candidate': String(candidate) },
    ...(body !== undefined ? { payload: body as object } : {}),
  })

describe('a coach viewing a linked candidate', () => {
  it('is refused (403) on every page write of the candidate’s data, and nothing changes', async () => {
    // Comments and approvals are the writes a coach may make (coach-reviews tests cover them).
    const writes = candidateRoutes((r) => !isApi(r) && !reads(r.method) && r.options.config?.comment !== true)
    expect(writes.length).toBeGreaterThan(30)
    const csrf = await walk.carol.csrf('/')
    const before = totalChanges()
    for (const route of writes) {
      const url = urlFor(route.url, walk.ada.ids)
      const response = await walk.carol.request({
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
    await api('GET', '/api/v1/interviews', walk.adaId)
    const before = totalChanges()
    for (const route of writes) {
      const url = urlFor(route.url, walk.ada.ids)
      const response = await api(route.method, url, walk.adaId, sampleBody(route) ?? {})
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
    const before = walk.ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get() as number
    const comment = commenting.find((r) => isApi(r) && r.method === 'POST' && r.url.includes('/notes/'))!
    const response = await api('POST', urlFor(comment.url, walk.ada.ids), walk.adaId, {
      body: 'Lead with the answer.',
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(walk.ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get()).toBe(before + 1)
  })

  it('reads every page and API route of the candidate’s debrief except the private ones (403)', async () => {
    const gets = candidateRoutes((r) => r.method === 'GET')
    expect(gets.length).toBeGreaterThan(40)
    for (const route of gets) {
      const url = urlFor(route.url, walk.ada.ids)
      const response = isApi(route) ? await api('GET', url, walk.adaId) : await walk.carol.get(url)
      const isPrivate = isApi(route) ? isPrivateApi(route.url) : isPrivatePage(route.url)
      if (isPrivate) expect(response.statusCode, at(route, url)).toBe(403)
      else expect(response.statusCode, `${at(route, url)}: ${response.body.slice(0, 200)}`).toBeLessThan(400)
    }
  })

  it('shows the candidate’s data read-only, with the banner, and no forms but the banner’s', async () => {
    const page = await walk.carol.get(`/interviews/${walk.ada.ids.interview}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`Viewing <strong>${adaName()}’s debrief</strong> — read-only`)
    expect(page.body).toContain('Acme — Engineer')
    const actions = [...page.body.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1])
    expect(actions.sort()).toEqual(['/coach/stop', '/logout'])
    const own = await walk.ada.agent.get(`/interviews/${walk.ada.ids.interview}`)
    expect([...own.body.matchAll(/<form method="post"/g)].length).toBeGreaterThan(5)
  })

  it('answers 404 for another account’s rows (Bob’s) on every route that takes an id', async () => {
    const withId = candidateRoutes((r) => r.url.includes(':id'))
    expect(withId.length).toBeGreaterThan(40)
    const csrf = await walk.carol.csrf('/')
    // Reads write the audit of what the coach looked at (coach_views) on purpose; writes change nothing.
    let changedByWrites = 0
    for (const route of withId) {
      const url = urlFor(route.url, walk.bob.ids)
      const body = reads(route.method) ? undefined : (sampleBody(route) ?? {})
      const before = totalChanges()
      const response = isApi(route)
        ? await api(route.method, url, walk.adaId, body)
        : await walk.carol.request({
            method: route.method as InjectOptions['method'],
            url,
            ...(body ? { payload: formEncoded({ ...body, _csrf: csrf }), headers: form } : {}),
          })
      // Private and write walk.routes are refused before any row is looked up; reads of Bob's rows are 404.
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
    for (const candidate of [walk.bobId, 999_999, 'abc', '0']) {
      for (const route of all) {
        const url = urlFor(route.url, walk.bob.ids)
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
    const response = await walk.carol.submit('/coach/view', { candidateId: String(walk.bobId) }, '/coach')
    expect(response.statusCode).toBe(404)
    expect((await walk.carol.get('/')).body).toContain(`${adaName()}’s debrief`)
  })
})

describe('what the candidate sees', () => {
  it('logs the coach’s page views for the candidate, and only for them', async () => {
    await walk.carol.get(`/questions/${walk.ada.ids.question}`)
    const log = await walk.ada.agent.get('/settings/coach')
    expect(log.body).toContain(`<code>/questions/${walk.ada.ids.question}</code>`)
    expect(log.body).toContain('Carol Coach')
    const rows = walk.ctx.app.db.prepare('SELECT DISTINCT candidate_id FROM coach_views').pluck().all()
    expect(rows).toEqual([walk.adaId])
  })
})
