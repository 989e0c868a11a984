import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/app.js'
import { startArguments } from '../helpers/startCommand.js'

describe('server process', () => {
  it('the bundle `npm start` runs serves /healthz and pages, then shuts down gracefully on SIGTERM', async () => {
    const child = spawn(process.execPath, startArguments(), {
      env: { ...process.env, DATA_DIR: tempDir(), PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    let output = ''
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000)
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk
        const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
    })
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
    expect(await exited).toBe(0)
    expect(output).toContain('"reqId"')
    expect(output).toContain('shutting down')
  })
})
