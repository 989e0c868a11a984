import { copyFileSync, existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { backupDatabase } from '../../src/cli/backup.js'
import { openDatabase } from '../../src/db/connection.js'
import { Agent } from '../helpers/agent.js'
import { createTestApp, tempDir } from '../helpers/app.js'
import { seedInterviews } from '../helpers/insightFixtures.js'
import { tokenUser } from '../helpers/tokenApi.js'

const TRANSACTIONS = 400
const ROWS_PER_TRANSACTION = 5 // 2,000 inserts in all

describe('backup while the database is being written, and restore', () => {
  const cleanup: (() => Promise<void> | void)[] = []
  afterEach(async () => {
    for (const step of cleanup.reverse()) await step()
    cleanup.length = 0
  })

  it('copies a consistent database that passes integrity_check, and a restore brings the data back', async () => {
    const dataDir = tempDir()
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    let ctx = await createTestApp({ dataDir, scheduler: false })
    cleanup.push(() => ctx.close())
    const { agent, token, id: userId } = await tokenUser(ctx.app, { email: 'ada@example.com' })

    // Enough pages that the backup needs many steps, so the writer gets to run in between.
    const notes = 'n'.repeat(1500)
    seedInterviews(
      ctx.app.db,
      userId,
      Array.from({ length: 1500 }, (_, i) => ({
        company: `Seed ${i}`,
        role: 'Engineer',
        kind: 'technical' as const,
        startsAt: Date.parse('2025-06-01T10:00:00Z') + i * 86_400_000,
        endsAt: Date.parse('2025-06-01T11:00:00Z') + i * 86_400_000,
        notes,
        followUpState: 'done' as const,
        followUpDoneAt: Date.parse('2025-06-01T12:00:00Z') + i * 86_400_000,
      })),
    )

    // A second connection, like another process writing to the same file.
    const writer = openDatabase(ctx.app.config.databasePath)
    cleanup.push(() => {
      if (writer.open) writer.close()
    })
    const insert = writer.prepare(
      `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, notes, created_at, updated_at)
       VALUES (?, ?, 'Engineer', 'technical', ?, ?, 'UTC', ?, ?, ?)`,
    )
    const batch = writer.transaction((n: number) => {
      for (let k = 0; k < ROWS_PER_TRANSACTION; k++) {
        const at = Date.parse('2026-01-01T10:00:00Z') + (n * ROWS_PER_TRANSACTION + k) * 60_000
        insert.run(userId, `Loop ${n}`, at, at + 3_600_000, notes.slice(0, 200), at, at)
      }
    })
    let committed = 0
    let committedWhileBackingUp = 0
    let backingUp = true
    const writeLoop = (async () => {
      for (let n = 0; n < TRANSACTIONS; n++) {
        batch(n)
        committed++
        if (backingUp) committedWhileBackingUp++
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()

    const target = join(dataDir, 'backups', 'copy.sqlite')
    const committedAtStart = committed
    const result = await backupDatabase(ctx.app.db, target).finally(() => {
      backingUp = false
    })
    await writeLoop
    expect(result.integrity).toBe('ok')
    expect(committed).toBe(TRANSACTIONS)
    expect(committedWhileBackingUp).toBeGreaterThan(0)

    // The copy stands alone, passes the checks on its own, and holds whole transactions only.
    expect(existsSync(`${target}-wal`)).toBe(false)
    const copy = new Database(target, { readonly: true })
    const copied = {
      integrity: copy.pragma('integrity_check', { simple: true }),
      foreignKeys: copy.pragma('foreign_key_check'),
      seeded: copy
        .prepare("SELECT count(*) FROM interviews WHERE company LIKE 'Seed %'")
        .pluck()
        .get() as number,
      loop: copy
        .prepare("SELECT count(*) FROM interviews WHERE company LIKE 'Loop %'")
        .pluck()
        .get() as number,
      users: copy.prepare('SELECT count(*) FROM users').pluck().get() as number,
    }
    copy.close()
    expect(copied.integrity).toBe('ok')
    expect(copied.foreignKeys).toEqual([])
    expect(copied.seeded).toBe(1500)
    expect(copied.loop % ROWS_PER_TRANSACTION).toBe(0)
    expect(copied.loop).toBeGreaterThanOrEqual(committedAtStart * ROWS_PER_TRANSACTION)
    expect(copied.users).toBe(1)

    // Written after the backup: must be gone after the restore.
    writer
      .prepare(
        `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
       VALUES (?, 'After the backup', 'Engineer', 'technical', 1, 2, 'UTC', 1, 1)`,
      )
      .run(userId)
    writer.close()

    // Restore: stop the app, put the copy in place of the database, drop the old WAL and start again.
    await ctx.app.close()
    const dbPath = ctx.app.config.databasePath
    copyFileSync(target, dbPath)
    for (const suffix of ['-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true })
    ctx = await createTestApp({ dataDir, scheduler: false })

    const insights = await ctx.app.inject({
      url: '/api/v1/insights',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(insights.statusCode).toBe(200)
    expect(insights.json().interviewCount).toBe(copied.seeded + copied.loop)
    const restored = ctx.app.db
      .prepare("SELECT count(*) FROM interviews WHERE company = 'After the backup'")
      .pluck()
    expect(restored.get()).toBe(0)
    expect(ctx.app.db.pragma('integrity_check', { simple: true })).toBe('ok')
    // The session made before the backup still logs the browser in.
    const browser = new Agent(ctx.app)
    for (const [name, value] of agent.cookies) browser.cookies.set(name, value)
    expect((await browser.get('/insights')).statusCode).toBe(200)
  }, 30_000)
})
