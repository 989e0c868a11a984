import type { InjectOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import { urlFor } from '../helpers/accountRows.js'
import { formEncoded, type RegisteredRoute, sampleBody } from '../helpers/routes.js'
import { routeWalk } from '../helpers/routeWalk.js'

// Every route Fastify registered, walked one by one, so a route added later is covered
// without anyone remembering to list it here.

const walk = routeWalk(true)

const totalChanges = () => walk.ctx.app.db.prepare('SELECT total_changes()').pluck().get() as number
const isApi = (route: RegisteredRoute) => route.url.startsWith('/api/v1/')
const reads = (method: string) => method === 'GET' || method === 'HEAD'
const form = { 'content-type': 'application/x-www-form-urlencoded' }
const at = (route: RegisteredRoute, url: string) => `${route.method} ${url}`

/** Percent-encodes the letters chosen by `pick` (position in the path), in upper or lower case hex. */
function encodeLetters(path: string, pick: (index: number) => boolean, upper: (index: number) => boolean) {
  let letter = 0
  return path.replace(/[a-z]/gi, (c) => {
    const i = letter++
    if (!pick(i)) return c
    const hex = c.charCodeAt(0).toString(16)
    return `%${upper(i) ? hex.toUpperCase() : hex.toLowerCase()}`
  })
}

/** Spellings of an API path that the router decodes to the same route. */
function spellings(path: string): string[] {
  return [
    path,
    path.replace(/^\/api\//, '/%61pi/'),
    path.replace(/^\/api\/v1\//, '/api/%761/'),
    path.replace(/^\/api\/v1\//, '/%61%70%69/%76%31/'),
    encodeLetters(
      path,
      () => true,
      () => true,
    ),
    encodeLetters(
      path,
      () => true,
      (i) => i % 2 === 0,
    ),
    encodeLetters(
      path,
      (i) => i % 3 === 1,
      (i) => i % 2 === 1,
    ),
    `${path.replace(/^\/api\//, '/%61pi/')}/`,
  ]
}

describe('the API refuses the session cookie however the path is spelled', () => {
  it('reaches the API with a bearer token through every spelling (so the refusals below are the API’s own)', async () => {
    for (const url of spellings('/api/v1/me')) {
      const response = await walk.ctx.app.inject({
        url,
        headers: { authorization: `Bearer ${walk.ada.token}` },
      })
      expect(response.statusCode, url).toBe(200)
      expect(response.json().email, url).toBe('ada@example.com')
    }
  })

  it('answers 401 to a session cookie alone on every route and spelling, writing nothing', async () => {
    const before = totalChanges()
    let requests = 0
    const api = walk.routes.filter(isApi)
    expect(api.length).toBeGreaterThan(40)
    for (const route of api) {
      for (const url of spellings(urlFor(route.url, walk.ada.ids))) {
        const body = reads(route.method) ? undefined : (sampleBody(route) ?? {})
        const options: InjectOptions = {
          method: route.method as InjectOptions['method'],
          url,
          ...(body ? { payload: formEncoded(body), headers: form } : {}),
        }
        const response = await walk.ada.agent.request(options)
        expect(response.statusCode, at(route, url)).toBe(401)
        if (route.method !== 'HEAD')
          expect(response.json().message, at(route, url)).toContain('Authorization: Bearer')
        requests++
      }
    }
    expect(requests).toBeGreaterThan(300)
    expect(totalChanges()).toBe(before)
  })

  it('answers unknown API paths with the API’s JSON 401 or 404, never a page', async () => {
    const anonymous = await walk.ada.agent.get('/%61pi/v1/nowhere')
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().message).toContain('Authorization: Bearer')
    const known = await walk.ctx.app.inject({
      url: '/%61pi/v1/nowhere',
      headers: { authorization: `Bearer ${walk.ada.token}`, accept: 'text/html' },
    })
    expect(known.statusCode).toBe(404)
    expect(known.json().message).toContain('/docs')
  })
})

describe('every page needs a session unless it says it is public', () => {
  // Served outside the page tree on purpose: health checks, the API docs, static files and what
  // makes the app installable (manifest, service worker, offline page: no user data in them).
  const infrastructure = (url: string) =>
    ['/healthz', '/sw.js', '/manifest.webmanifest', '/offline'].includes(url) ||
    /^\/(docs|public)(\/|$)/.test(url)

  it('sends a visitor without a session to the login page from every other page', async () => {
    const pages = walk.routes.filter(
      (r) => r.method === 'GET' && !isApi(r) && !infrastructure(r.url) && r.options.config?.public !== true,
    )
    expect(pages.length).toBeGreaterThan(20)
    for (const route of pages) {
      const url = urlFor(route.url, walk.ada.ids)
      const response = await walk.ctx.app.inject({ url })
      expect(response.statusCode, at(route, url)).toBe(302)
      expect(response.headers.location, at(route, url)).toBe(`/login?next=${encodeURIComponent(url)}`)
    }
  })

  it('opens the public pages without a session', async () => {
    const open = walk.routes.filter((r) => r.method === 'GET' && r.options.config?.public === true)
    expect(open.map((r) => r.url).sort()).toEqual(['/calendar/:file', '/login', '/signup'])
    expect((await walk.ctx.app.inject({ url: '/login' })).statusCode).toBe(200)
    expect((await walk.ctx.app.inject({ url: '/signup' })).statusCode).toBe(200)
  })
})

describe('every form refuses a missing or wrong CSRF token', () => {
  it('answers 403 on every state-changing page route and writes nothing', async () => {
    const writes = walk.routes.filter((r) => !isApi(r) && !reads(r.method))
    expect(writes.length).toBeGreaterThan(30)
    const before = totalChanges()
    for (const route of writes) {
      const url = urlFor(route.url, walk.ada.ids)
      const body = sampleBody(route) ?? {}
      for (const csrf of [{}, { _csrf: 'forged-token' }]) {
        const response = await walk.ada.agent.request({
          method: route.method as InjectOptions['method'],
          url,
          payload: formEncoded({ ...body, ...csrf }),
          headers: form,
        })
        expect(response.statusCode, at(route, url)).toBe(403)
        expect(response.body, at(route, url)).toContain('did not come from Debrief')
      }
    }
    expect(totalChanges()).toBe(before)
  })
})

describe('another user’s id is a 404 on every route that takes one', () => {
  it('answers 404 for each of Bob’s rows to Ada, on pages and the API, and writes nothing', async () => {
    const withId = walk.routes.filter((r) => r.method !== 'HEAD' && r.url.includes(':id'))
    expect(withId.length).toBeGreaterThan(50)
    const csrf = await walk.ada.agent.csrf('/settings')
    const before = totalChanges()
    for (const route of withId) {
      const url = urlFor(route.url, walk.bob.ids)
      expect(url, 'each id is Bob’s, never one Ada also has').not.toBe(urlFor(route.url, walk.ada.ids))
      const method = route.method as InjectOptions['method']
      const body = reads(route.method) ? undefined : (sampleBody(route) ?? {})
      const response = isApi(route)
        ? await walk.ctx.app.inject({
            method,
            url,
            headers: { authorization: `Bearer ${walk.ada.token}` },
            ...(body ? { payload: body } : {}),
          })
        : await walk.ada.agent.request({
            method,
            url,
            ...(body ? { payload: formEncoded({ ...body, _csrf: csrf }), headers: form } : {}),
          })
      expect(response.statusCode, `${at(route, url)}: ${response.body.slice(0, 200)}`).toBe(404)
    }
    expect(totalChanges()).toBe(before)
  })
})
