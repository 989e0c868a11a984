import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { cleanupAfterEach, createTestApp, tempDir, testConfig } from '../helpers/app.js'

const cleanups = cleanupAfterEach()

const CSP =
  "default-src 'self';base-uri 'none';font-src 'self' https: data:;form-action 'self';" +
  "frame-ancestors 'none';img-src 'self' data:;object-src 'none';script-src 'self';" +
  "script-src-attr 'none';style-src 'self'"

/** The header set every response carried when helmet built it per request, over plain HTTP. */
const EXPECTED: Record<string, string> = {
  'content-security-policy': CSP,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

const URLS = ['/login', '/api/v1/me', '/healthz', '/public/css/app.css', '/no-such-page']

function securityHeaders(headers: Record<string, unknown>) {
  const names = [...Object.keys(EXPECTED), 'strict-transport-security']
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name)))
}

describe('security headers', () => {
  it('sends the same headers on pages, the API, health checks, assets and 404s', async () => {
    const ctx = await createTestApp()
    cleanups.push(ctx.close)
    for (const url of URLS) {
      const response = await ctx.app.inject({ url })
      expect(securityHeaders(response.headers), url).toEqual(EXPECTED)
    }
  })

  it('adds HSTS and upgrade-insecure-requests over https', async () => {
    const ctx = await createTestApp({ env: { BASE_URL: 'https://debrief.example.com' } })
    cleanups.push(ctx.close)
    for (const url of URLS) {
      const response = await ctx.app.inject({ url })
      expect(securityHeaders(response.headers), url).toEqual({
        ...EXPECTED,
        'content-security-policy': `${CSP};upgrade-insecure-requests`,
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
      })
    }
  })

  it('lets a route replace or drop a header through its config, and leaves other routes alone', async () => {
    const dataDir = tempDir()
    cleanups.unshift(() => rmSync(dataDir, { recursive: true, force: true }))
    const app = await buildApp({ config: testConfig(dataDir), logger: false, scheduler: false })
    cleanups.push(() => app.close())
    app.get(
      '/looser',
      {
        config: {
          securityHeaders: {
            'Content-Security-Policy': "default-src 'self' https:",
            'x-frame-options': false,
          },
        },
      },
      async () => 'ok',
    )
    app.get('/handler-sets', async (_request, reply) =>
      reply.header('referrer-policy', 'same-origin').send('ok'),
    )
    await app.ready()

    const looser = await app.inject({ url: '/looser' })
    expect(looser.headers['content-security-policy']).toBe("default-src 'self' https:")
    expect(looser.headers['x-frame-options']).toBeUndefined()
    expect(looser.headers['x-content-type-options']).toBe('nosniff')

    const handler = await app.inject({ url: '/handler-sets' })
    expect(handler.headers['referrer-policy']).toBe('same-origin')
    expect(handler.headers['content-security-policy']).toBe(CSP)

    expect(securityHeaders((await app.inject({ url: '/login' })).headers)).toEqual(EXPECTED)
  })

  it('leaves the API documentation its own Content-Security-Policy', async () => {
    const ctx = await createTestApp()
    cleanups.push(ctx.close)
    const docs = await ctx.app.inject({ url: '/docs' })
    expect(docs.statusCode).toBe(200)
    expect(docs.headers['content-security-policy']).not.toBe(CSP)
    expect(docs.headers['x-content-type-options']).toBe('nosniff')
  })
})
