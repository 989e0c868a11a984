import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, tempDir } from '../helpers/app.js'
import { cli } from '../helpers/cli.js'
import { createUser, HOUR, insertInterview } from '../helpers/fixtures.js'

// Clear the screen, move the cursor home, set the window title, a C1 CSI, NUL, DEL, a bidi
// override, and line breaks and tabs that would forge a row of the table.
const ESCAPES = '\x1b[2J\x1b[1;1H\x1b]0;pwned\x07\u009b31m\u0000\u007f\u202e'
const FORGED_ROW = '\r\n999\tsent\t2026-01-01 00:00\t2026-01-01 00:00\t1\troot@example.com\tForged\tx\t'
const HOSTILE_COMPANY = `Evil${ESCAPES}Corp${FORGED_ROW}\rOverwritten\nNext line`
const HOSTILE_ERROR = `550 ${ESCAPES} rejected\n1\tfailed\tforged`

/** Every control character but LF (between lines) and tab (between columns), and the bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
const FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/

function expectSafe(text: string) {
  expect(text).not.toMatch(FORBIDDEN)
}

// Every case starts the CLI as its own Node process (tsx compiling on the way), which takes
// seconds each on a busy machine: the limit guards against a hang, it measures nothing.
describe('CLI output of user-provided text', { timeout: 120_000 }, () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  it('reminders: escape sequences, CR, LF, NUL and C1 in companies, addresses and errors stay inside one row', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const ctx = await createTestApp({ dataDir })
    const user = createUser(ctx.app, { email: 'ada@example.com' })
    ctx.app.db.prepare('UPDATE users SET email = ? WHERE id = ?').run(`ada${ESCAPES}\n@example.com`, user.id)
    const endsAt = ctx.clock.now() + 2 * HOUR
    const hostile = insertInterview(ctx.app, user.id, { company: HOSTILE_COMPANY, endsAt })
    const plain = insertInterview(ctx.app, user.id, { company: 'Plain Co', endsAt: endsAt + HOUR })
    const failed = ctx.app.db
      .prepare(
        "UPDATE reminders SET state = 'failed', last_error = ? WHERE id = (SELECT min(id) FROM reminders WHERE interview_id = ?) RETURNING id",
      )
      .pluck()
      .get(HOSTILE_ERROR, hostile) as number
    const open = ctx.app.db
      .prepare(
        "SELECT count(*) FROM reminders WHERE state IN ('pending', 'sending', 'failed') AND interview_id IN (?, ?)",
      )
      .pluck()
      .get(hostile, plain) as number
    expect(open).toBeGreaterThanOrEqual(4)
    await ctx.close()

    const result = await cli(dataDir, ['reminders'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    expectSafe(result.stdout)

    const lines = result.stdout.split('\n')
    expect(lines.pop()).toBe('')
    const [summary, blank, header, ...rows] = lines
    expect(summary).toMatch(/^1 failed, \d+ pending$/)
    expect(blank).toBe('')
    expect(header!.split('\t')).toHaveLength(9)
    // One line per reminder, nine columns each: nothing in a cell started a row or a column.
    expect(rows).toHaveLength(open)
    for (const row of rows) {
      const cells = row.split('\t')
      expect(cells, row).toHaveLength(9)
      expect(cells[0]).toMatch(/^\d+$/)
    }
    expect(rows.some((row) => row.split('\t')[0] === '999')).toBe(false)
    const failedRow = rows.find((row) => row.startsWith(`${failed}\t`))!
    expect(failedRow.split('\t')[1]).toBe('failed')
    // The text is still there to read, as visible escapes.
    expect(failedRow).toContain(
      'Evil\\x1b[2J\\x1b[1;1H\\x1b]0;pwned\\x07\\x9b31m\\x00\\x7f\\u202eCorp\\r\\n999\\tsent',
    )
    expect(failedRow).toContain('550 \\x1b[2J')
    expect(failedRow).toContain('ada\\x1b[2J')
    expect(rows.filter((row) => row.includes('Plain Co')).length).toBeGreaterThan(0)
  })

  it('messages naming an address or a path escape it too', async () => {
    const dataDir = tempDir()
    dirs.push(dataDir)
    const missing = await cli(dataDir, [
      'token',
      'create',
      '--email',
      `x${ESCAPES.replace('\u0000', '')}\nCreated user 1`,
      '--name',
      'n',
    ])
    expect(missing.code).toBe(2)
    expectSafe(missing.stderr)
    expect(missing.stderr.split('\n')).toEqual([
      expect.stringMatching(/^No user with email x\\x1b\[2J.*\\nCreated user 1\.$/),
      '',
    ])

    const target = tempDir()
    dirs.push(target)
    const file = join(target, `copy\x1b[31m\nBackup written to elsewhere.sqlite`)
    const backup = await cli(dataDir, ['backup', '--to', file])
    expect(backup.stderr).toBe('')
    expect(backup.code).toBe(0)
    expectSafe(backup.stdout)
    expect(backup.stdout.split('\n')).toHaveLength(2)
    expect(backup.stdout).toContain(
      'copy\\x1b[31m\\nBackup written to elsewhere.sqlite (integrity_check: ok)',
    )
    expect(readdirSync(target)).toEqual([`copy\x1b[31m\nBackup written to elsewhere.sqlite`])
  })
})
