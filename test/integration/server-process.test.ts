import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/app.js'
import { exited, listening, spawnServer } from '../helpers/startCommand.js'

describe('server process', () => {
  it('the bundle `npm start` runs serves /healthz and pages, then shuts down gracefully on SIGTERM', async () => {
    const server = spawnServer({ DATA_DIR: tempDir(), PORT: '0', LOG_LEVEL: 'info' })
    const { child, output } = server
    const stopped = exited(child)
    const url = await listening(server)
    const health = await fetch(`${url}/healthz`)
    expect(health.status).toBe(200)
    await health.arrayBuffer()
    // Request ids appear in the logs for tracing (health checks log only warnings, so ask for a page).
    const login = await fetch(`${url}/login`)
    expect(login.status).toBe(200)
    expect(await login.text()).toContain('<form')
    // Assets and the API documentation are read from the project, not from the bundle.
    // Every body is read to its end: a response still being written keeps its connection open, and
    // a graceful shutdown rightly waits for it.
    const css = await fetch(`${url}/public/css/app.css`)
    expect(css.headers.get('content-type')).toMatch(/text\/css/)
    expect(await css.text()).toContain('{')
    const docs = await fetch(`${url}/docs/json`)
    expect(((await docs.json()) as { openapi?: string }).openapi).toMatch(/^3\./)
    const bundle = await fetch(`${url}/docs/static/swagger-ui-bundle.js`)
    expect(bundle.status).toBe(200)
    expect((await bundle.arrayBuffer()).byteLength).toBeGreaterThan(100_000)
    await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGTERM')
    expect(await stopped).toBe(0)
    expect(output()).toContain('"reqId"')
    expect(output()).toContain('shutting down')
  })
})
