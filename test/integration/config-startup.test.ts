import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveSessionSecret } from '../../src/sessionSecret.js'
import { tempDir } from '../helpers/app.js'

describe('start-up configuration', () => {
  it('exits non-zero with one line per bad variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { ...process.env, PORT: 'x', SIGNUP: 'maybe', DATA_DIR: tempDir() },
      encoding: 'utf8',
      timeout: 20_000,
    })
    expect(result.status).toBe(2)
    expect(result.stderr).toContain('PORT must be a whole number')
    expect(result.stderr).toContain('SIGNUP must be "open" or "closed"')
  })

  it('generates the session secret once, with 0600 permissions, and reuses it', () => {
    const dir = tempDir()
    const first = resolveSessionSecret(undefined, dir)
    const file = join(dir, 'session-secret')
    expect(existsSync(file)).toBe(true)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(first.length).toBeGreaterThanOrEqual(32)
    expect(resolveSessionSecret(undefined, dir)).toBe(first)
    expect(readFileSync(file, 'utf8').trim()).toBe(first)
    expect(resolveSessionSecret('y'.repeat(40), dir)).toBe('y'.repeat(40))
  })
})
