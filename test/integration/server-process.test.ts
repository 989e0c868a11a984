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
    // Request ids appear in the logs for tracing (health checks log only warnings, so ask for a page).
    expect((await fetch(`${url}/login`)).status).toBe(200)
    // Assets and the API documentation are read from the project, not from the bundle.
    expect((await fetch(`${url}/public/css/app.css`)).headers.get('content-type')).toMatch(/text\/css/)
    expect((await fetch(`${url}/docs/json`)).status).toBe(200)
    expect((await fetch(`${url}/docs/static/swagger-ui-bundle.js`)).status).toBe(200)
    await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGTERM')
    expect(await stopped).toBe(0)
    expect(output()).toContain('"reqId"')
    expect(output()).toContain('shutting down')
  })
})
