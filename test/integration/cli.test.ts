import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, tempDir } from '../helpers/app.js'
import { cli } from '../helpers/cli.js'

/** `user create` for Ada, the password typed on stdin as an admin types it. */
const createAda = (dataDir: string, name: string, password: string) =>
  cli(dataDir, ['user', 'create', '--email', 'ada@example.com', '--name', name], `${password}\n`)

describe('admin CLI', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  it('creates a user and a token that the API then accepts', async () => {
    const dataDir = tempDir()
    const created = await createAda(dataDir, 'Ada Lovelace', 'a long enough password')
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    expect(created.stdout).toMatch(/Created user 1 <ada@example.com> \(admin\)/)

    const token = await cli(dataDir, [
      'token',
      'create',
      '--email',
      'ada@example.com',
      '--name',
      'backup script',
    ])
    expect(token.code).toBe(0)
    // Alone on stdout so scripts can capture it.
    expect(token.stdout).toMatch(/^dbf_[A-Za-z0-9_-]{43}\n$/)

    const ctx = await createTestApp({ dataDir })
    close = ctx.close
    const me = await ctx.app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token.stdout.trim()}` },
    })
    expect(me.statusCode).toBe(200)
    expect(me.json()).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' })
  })

  it('refuses bad input with a message and exit code 2', async () => {
    const dataDir = tempDir()
    const short = await createAda(dataDir, 'Ada', 'short')
    expect(short.code).toBe(2)
    expect(short.stderr).toContain('password must be 10 to 200 characters')
    const missing = await cli(dataDir, ['token', 'create', '--email', 'nobody@example.com', '--name', 'x'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('No user with email nobody@example.com')
    const unknown = await cli(dataDir, ['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('Unknown command "frobnicate"')
  })

  it('resets a password and ends the user’s sessions', async () => {
    const dataDir = tempDir()
    await createAda(dataDir, 'Ada', 'first password here')
    const reset = await cli(
      dataDir,
      ['user', 'reset-password', '--email', 'ada@example.com'],
      'second password here\n',
    )
    expect(reset.code).toBe(0)
    const ctx = await createTestApp({ dataDir })
    close = ctx.close
    const { Agent } = await import('../helpers/agent.js')
    const agent = new Agent(ctx.app)
    const old = await agent.logIn('ada@example.com', 'first password here')
    expect(old.statusCode).toBe(400)
    const ok = await agent.logIn('ada@example.com', 'second password here')
    expect(ok.statusCode).toBe(302)
  })

  it('backs up online to a file that passes integrity_check, and rotates with --keep', async () => {
    const dataDir = tempDir()
    await createAda(dataDir, 'Ada', 'a long enough password')
    const file = join(tempDir(), 'backup.sqlite')
    const single = await cli(dataDir, ['backup', '--to', file])
    expect(single.code).toBe(0)
    expect(single.stdout).toContain('integrity_check: ok')
    const copy = new Database(file, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(copy.prepare('SELECT email FROM users').pluck().get()).toBe('ada@example.com')
    copy.close()

    const dir = join(tempDir(), 'rotated')
    for (let i = 0; i < 3; i++) {
      const result = await cli(dataDir, ['backup', '--to', dir, '--keep', '2'])
      expect(result.code).toBe(0)
      await new Promise((r) => setTimeout(r, 1100)) // timestamped names have one-second resolution
    }
    const kept = readdirSync(dir)
    expect(kept).toHaveLength(2)
    expect(kept.every((name) => /^debrief-\d{8}-\d{6}\.sqlite$/.test(name))).toBe(true)
  }, 120_000) // five CLI processes and three one-second waits: slow on a busy machine, not timed

  it('applies migrations on demand', async () => {
    const dataDir = tempDir()
    const first = await cli(dataDir, ['migrate'])
    expect(first.stdout).toMatch(/^Applied: 0001_accounts\.sql/)
    const again = await cli(dataDir, ['migrate'])
    expect(again.stdout).toBe('Database is up to date.\n')
    expect(existsSync(join(dataDir, 'debrief.sqlite'))).toBe(true)
  })
})
