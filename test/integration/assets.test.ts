import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { publicDir } from '../../src/paths.js'
import assetsPlugin, { buildAssetTable } from '../../src/plugins/assets.js'
import { signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp, tempDir } from '../helpers/app.js'

const cleanups = cleanupAfterEach()

async function start() {
  const ctx = await createTestApp()
  cleanups.push(ctx.close)
  return ctx
}

/** The href/src of the layout's stylesheet, script and icon on a rendered page. */
function layoutAssets(html: string) {
  return {
    css: /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1],
    js: /<script src="([^"]+)" defer><\/script>/.exec(html)?.[1],
    icon: /<link rel="icon" href="([^"]+)"/.exec(html)?.[1],
  }
}

function assetDir() {
  const dir = tempDir('debrief-assets-')
  cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const original = (path: string) => readFileSync(join(publicDir, path))

describe('static assets', () => {
  it('pages link content-hashed URLs that are served with an immutable cache and the right type', async () => {
    const { app } = await start()
    const page = await app.inject({ url: '/signup' })
    const links = layoutAssets(page.body)
    expect(links.css).toMatch(/^\/public\/css\/app\.[0-9a-f]{8}\.css$/)
    expect(links.js).toMatch(/^\/public\/js\/app\.[0-9a-f]{8}\.js$/)
    expect(links.icon).toMatch(/^\/public\/favicon\.[0-9a-f]{8}\.svg$/)

    const expected = [
      [links.css, 'css/app.css', /^text\/css/],
      [links.js, 'js/app.js', /^text\/javascript/],
      [links.icon, 'favicon.svg', /^image\/svg\+xml/],
    ] as const
    for (const [url, file, type] of expected) {
      const response = await app.inject({ url: url! })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(response.headers['content-type']).toMatch(type)
      expect(response.headers['content-encoding']).toBeUndefined()
      expect(response.headers.vary).toBe('accept-encoding')
      expect(response.headers.etag).toMatch(/^"[0-9a-f]{16}"$/)
      expect(response.rawPayload.equals(original(file))).toBe(true)
    }
  })

  it('sends brotli or gzip as the client accepts, each decoding to the original bytes', async () => {
    const { app } = await start()
    const url = layoutAssets((await app.inject({ url: '/signup' })).body).css!
    const get = (acceptEncoding: string) =>
      app.inject({ url, headers: { 'accept-encoding': acceptEncoding } })
    const css = original('css/app.css')

    const br = await get('gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toBe('accept-encoding')
    expect(br.rawPayload.length).toBeLessThan(css.length)
    expect(brotliDecompressSync(br.rawPayload).equals(css)).toBe(true)

    const gzip = await get('gzip, br;q=0')
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.rawPayload.length).toBeLessThan(css.length)
    expect(gunzipSync(gzip.rawPayload).equals(css)).toBe(true)

    const identity = await get('identity')
    expect(identity.headers['content-encoding']).toBeUndefined()
    expect(identity.rawPayload.equals(css)).toBe(true)

    // Every representation has its own ETag, so a cache never mixes them up.
    const tags = new Set([br.headers.etag, gzip.headers.etag, identity.headers.etag])
    expect(tags.size).toBe(3)
  })

  it('answers a matching If-None-Match with 304 and no body', async () => {
    const { app } = await start()
    const url = layoutAssets((await app.inject({ url: '/signup' })).body).js!
    const first = await app.inject({ url, headers: { 'accept-encoding': 'br' } })
    const again = await app.inject({
      url,
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) },
    })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect(again.headers.etag).toBe(first.headers.etag)
    // The identity body has another tag, so the compressed one's tag does not validate it.
    const plain = await app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } })
    expect(plain.statusCode).toBe(200)
  })

  it('still serves the plain /public/ URLs, with a short cache', async () => {
    const { app } = await start()
    for (const file of ['css/app.css', 'js/app.js', 'js/import.js']) {
      const response = await app.inject({ url: `/public/${file}` })
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).toBe('public, max-age=300')
      expect(response.rawPayload.equals(original(file))).toBe(true)
    }
  })

  it('answers 404 for unknown assets, stale hashes and paths outside public/', async () => {
    const { app } = await start()
    for (const url of [
      '/public/css/missing.css',
      '/public/css/app.00000000.css',
      '/public/%2e%2e/package.json',
      '/public/..%2fpackage.json',
      '/public/',
    ]) {
      const response = await app.inject({ url })
      expect(response.statusCode, url).toBe(404)
      expect(response.headers['cache-control'], url).toBeUndefined()
    }
  })

  it('sets no session cookie and writes nothing to the database, signed in or not', async () => {
    const { app } = await start()
    const agent = await signUp(app, { email: 'ada@example.com' })
    const links = layoutAssets((await agent.get('/')).body)
    const changes = app.db.prepare('SELECT total_changes()').pluck()
    const before = changes.get()
    for (const url of [links.css!, links.js!, '/public/css/app.css', '/public/nothing.css']) {
      const anonymous = await app.inject({ url })
      expect(anonymous.headers['set-cookie'], url).toBeUndefined()
      const signedIn = await agent.get(url)
      expect(signedIn.headers['set-cookie'], url).toBeUndefined()
    }
    expect(changes.get()).toBe(before)
  })
})

describe('asset table', () => {
  it('names a file by its content: the URL changes with the bytes and only the current one is served', async () => {
    const dir = assetDir()
    mkdirSync(join(dir, 'css'))
    writeFileSync(join(dir, 'css', 'site.css'), 'body { color: black }\n')
    const first = buildAssetTable(dir).url('css/site.css')
    expect(first).toMatch(/^\/public\/css\/site\.[0-9a-f]{8}\.css$/)
    expect(buildAssetTable(dir).url('css/site.css')).toBe(first)

    writeFileSync(join(dir, 'css', 'site.css'), 'body { color: navy }\n')
    const app = Fastify({ logger: false })
    cleanups.push(() => app.close())
    await app.register(assetsPlugin, { dir })
    await app.ready()
    const second = app.assets.url('css/site.css')
    expect(second).toMatch(/^\/public\/css\/site\.[0-9a-f]{8}\.css$/)
    expect(second).not.toBe(first)

    const current = await app.inject({ url: second })
    expect(current.statusCode).toBe(200)
    expect(current.body).toBe('body { color: navy }\n')
    expect((await app.inject({ url: first })).statusCode).toBe(404)
  })

  it('refuses to name a file that is not there, and skips hidden files', () => {
    const dir = assetDir()
    writeFileSync(join(dir, '.secret'), 'x')
    writeFileSync(join(dir, 'a.txt'), 'a')
    const table = buildAssetTable(dir)
    expect(() => table.url('missing.js')).toThrow('No file public/missing.js')
    expect(table.find('.secret')).toBeUndefined()
    expect(table.find('a.txt')?.immutable).toBe(false)
    expect(table.find(table.url('a.txt').slice('/public/'.length))?.immutable).toBe(true)
  })
})
