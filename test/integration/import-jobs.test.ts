import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { bigExport } from '../helpers/bigExport.js'
import { tokenUser } from '../helpers/tokenApi.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

interface JobJson {
  id: number
  url: string
  state: 'running' | 'done' | 'failed'
  total: number
  processed: number
  imported: Record<string, number> | null
  skippedInterviews: number | null
  error: string | null
  finishedAt: string | null
}

const interviewsOf = (ctx: Ctx, userId: number) =>
  ctx.app.db.prepare('SELECT count(*) FROM interviews WHERE user_id = ?').pluck().get(userId) as number
const rowCount = (ctx: Ctx, table: string) =>
  ctx.app.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number

describe('import jobs', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  async function account(email = 'bulk@example.com') {
    const { agent, token, id } = await tokenUser(ctx.app, { email, name: 'Bulk' })
    return { agent, token, userId: id }
  }
  const getJob = async (token: string, url: string) =>
    (await ctx.app.inject({ url, headers: { authorization: `Bearer ${token}` } })).json() as JobJson

  it('imports 13,000 interviews over HTTP while /healthz keeps answering promptly', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    const { token, userId } = await account()
    await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    const base = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`
    const auth = { authorization: `Bearer ${token}` }
    // Encoded up front: this test's own client shares the server's event loop.
    const body = Buffer.from(JSON.stringify(bigExport(13_000)))
    expect(body.length).toBeLessThan(5 * 1024 * 1024)

    // A route's first request compiles its schemas: warm up before measuring.
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    let finished = false
    const polls: number[] = []
    const poller = (async () => {
      // Bounded: at most 10,000 polls, each answered or timed out.
      for (let i = 0; i < 10_000 && !finished; i++) {
        const started = performance.now()
        const health = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(30_000) })
        expect(health.status).toBe(200)
        await health.arrayBuffer()
        polls.push(performance.now() - started)
        await sleep(20)
      }
    })()

    const response = await fetch(`${base}/api/v1/import`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body,
    })
    expect(response.status).toBe(202)
    let job = (await response.json()) as JobJson
    expect(response.headers.get('location')).toBe(job.url)
    for (let i = 0; i < 1200 && job.state === 'running'; i++) {
      await sleep(100)
      job = (await (await fetch(`${base}${job.url}`, { headers: auth })).json()) as JobJson
    }
    finished = true
    await poller

    expect(job).toMatchObject({
      state: 'done',
      total: 13_000,
      processed: 13_000,
      imported: { interviews: 13_000, interviewers: 130, questions: 130, drafts: 0 },
      skippedInterviews: 0,
      error: null,
    })
    expect(interviewsOf(ctx, userId)).toBe(13_000)
    // The stand-in account that held the rows while they were written is gone.
    expect(rowCount(ctx, 'users')).toBe(1)
    expect(polls.length).toBeGreaterThan(5)
    // The one timing bound, generous for a shared machine: an import never holds the server.
    expect(Math.max(...polls)).toBeLessThan(1000)
  }, 180_000)

  it('reports progress from running to done, showing nothing of the file until the end', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    const { agent, token, userId } = await account()
    const started = ctx.app.imports.start(userId, bigExport(1500))
    expect(started.ok).toBe(true)
    const id = started.ok ? started.job.id : 0
    const url = `/api/v1/imports/${id}`

    const seen: JobJson[] = [await getJob(token, url)]
    expect(seen[0]).toMatchObject({ state: 'running', total: 1500, imported: null, finishedAt: null })
    // The import page follows the running import and asks the browser to reload.
    const page = await agent.get('/settings/data')
    expect(page.headers.refresh).toBe('2')
    expect(page.body).toMatch(/Importing: [\d,]+ of 1,500 interviews so far/)
    // One import at a time per account.
    const second = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/import',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(bigExport(3, 'Other Co')),
    })
    expect(second.statusCode).toBe(409)
    expect(second.json().message).toContain(url)

    for (let i = 0; i < 2000 && seen.at(-1)!.state === 'running'; i++) {
      // Until the last transaction the account shows none of it, however far the job has got.
      expect(interviewsOf(ctx, userId)).toBe(0)
      await sleep(5)
      seen.push(await getJob(token, url))
    }
    const running = seen.filter((job) => job.state === 'running')
    expect(running.some((job) => job.processed > 0 && job.processed < 1500)).toBe(true)
    const processed = running.map((job) => job.processed)
    expect(processed).toEqual([...processed].sort((a, b) => a - b))
    expect(seen.at(-1)).toMatchObject({
      state: 'done',
      processed: 1500,
      imported: { interviews: 1500, interviewers: 15, questions: 15, asked: 0, askQuestions: 0, drafts: 0 },
      skippedInterviews: 0,
      error: null,
    })
    expect(seen.at(-1)!.finishedAt).not.toBeNull()
    expect(interviewsOf(ctx, userId)).toBe(1500)
    // Started through the API, so the page stops following it (the form's own imports show their outcome).
    const done = await agent.get('/settings/data')
    expect(done.headers.refresh).toBeUndefined()
    expect(done.body).not.toContain('id="import-progress"')
  }, 60_000)

  it('a file the database refuses midway fails with its reason and leaves nothing behind', async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    const { agent, token, userId } = await account()
    // Something the checks cannot foresee: the database itself refuses one row, late in the file.
    ctx.app.db.exec(`CREATE TRIGGER refuse_one BEFORE INSERT ON interviews WHEN new.role = 'E1234'
      BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END`)
    const before = { users: rowCount(ctx, 'users'), interviews: rowCount(ctx, 'interviews') }

    const file = JSON.stringify(bigExport(1500))
    const response = await agent.submit('/settings/data/import', { document: file }, '/settings/data')
    expect(response.statusCode).toBe(302)
    const message = 'Nothing was imported: the database refused the file (disk quota exceeded).'
    let page = await agent.get('/settings/data')
    for (let i = 0; i < 400 && page.headers.refresh !== undefined; i++) {
      await sleep(25)
      page = await agent.get('/settings/data')
    }
    expect(page.body).toContain(`id="import-error">${message}</p>`)

    const id = ctx.app.db.prepare('SELECT max(id) FROM import_jobs').pluck().get() as number
    const job = await getJob(token, `/api/v1/imports/${id}`)
    expect(job).toMatchObject({ state: 'failed', total: 1500, imported: null, error: message })
    expect(job.processed).toBeGreaterThanOrEqual(1200)
    // The stand-in account and every row written before the refusal are gone (discarded in steps).
    for (let i = 0; i < 400 && rowCount(ctx, 'users') > before.users; i++) await sleep(25)
    expect({ users: rowCount(ctx, 'users'), interviews: rowCount(ctx, 'interviews') }).toEqual(before)
    expect(interviewsOf(ctx, userId)).toBe(0)
    expect(
      (await ctx.app.inject({ url: '/api/v1/imports/999', headers: { authorization: `Bearer ${token}` } }))
        .statusCode,
    ).toBe(404)
  }, 60_000)

  it("another account cannot read a user's import job", async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    const { token, userId } = await account()
    const other = await account('other@example.com')
    const started = ctx.app.imports.start(userId, bigExport(2))
    expect(started.ok).toBe(true)
    const id = started.ok ? started.job.id : 0
    await ctx.app.imports.settle(id, 10_000)
    expect((await getJob(token, `/api/v1/imports/${id}`)).state).toBe('done')
    const foreign = await ctx.app.inject({
      url: `/api/v1/imports/${id}`,
      headers: { authorization: `Bearer ${other.token}` },
    })
    expect(foreign.statusCode).toBe(404)

    // Documented like every other route.
    const docs = (await ctx.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
    }
    expect(Object.keys(docs.paths['/api/v1/import']!.post!.responses)).toContain('202')
    expect(Object.keys(docs.paths['/api/v1/imports/{id}']!.get!.responses)).toEqual(
      expect.arrayContaining(['200', '404']),
    )
  })
})
