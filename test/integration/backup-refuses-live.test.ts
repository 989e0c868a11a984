import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, symlinkSync } from 'node:fs'
import { join, relative } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connection.js'
import { migrate } from '../../src/db/migrate.js'
import { tempDir } from '../helpers/app.js'
import { cli } from '../helpers/cli.js'

/** Reopens the database from scratch: the rows are there and SQLite finds nothing wrong. */
function expectIntact(live: string) {
  const db = new Database(live, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.prepare('SELECT email FROM users').pluck().all()).toEqual(['ada@example.com'])
  } finally {
    db.close()
  }
}

// Every case starts the CLI as its own Node process (tsx compiling on the way), which takes
// seconds each on a busy machine: the limit guards against a hang, it measures nothing.
describe('backup refuses to write over the live database', { timeout: 120_000 }, () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
  })

  /** A directory of its own, removed after the test. */
  function ownDir() {
    const dir = tempDir()
    dirs.push(dir)
    return dir
  }

  /** A migrated database with one account, written the way the app writes it (WAL). */
  function liveDatabase() {
    const dataDir = ownDir()
    const live = join(dataDir, 'debrief.sqlite')
    const db = openDatabase(live)
    try {
      migrate(db)
      db.prepare(
        `INSERT INTO users (email, name, password_hash, time_zone, created_at, updated_at)
         VALUES ('ada@example.com', 'Ada', 'x', 'UTC', 0, 0)`,
      ).run()
    } finally {
      db.close()
    }
    expectIntact(live)
    return { dataDir, live }
  }

  /** The live database, and a link to it made by `makeLink` under `name` in a directory of its own. */
  function linkedElsewhere(makeLink: (target: string, path: string) => void, name: string) {
    const { dataDir, live } = liveDatabase()
    const elsewhere = ownDir()
    const link = join(elsewhere, name)
    makeLink(live, link)
    return { dataDir, live, elsewhere, link }
  }

  async function expectRefused(dataDir: string, live: string, to: string) {
    const result = await cli(dataDir, ['backup', '--to', to])
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(`Refusing to back up to ${to}`)
    expect(result.stderr).toContain('Nothing was written')
    expectIntact(live)
  }

  it('refuses the live file named directly', async () => {
    const { dataDir, live } = liveDatabase()
    await expectRefused(dataDir, live, live)
  })

  it('refuses it through a symlink, and through a symlinked directory', async () => {
    const { dataDir, live, elsewhere, link } = linkedElsewhere(symlinkSync, 'looks-like-a-backup.sqlite')
    await expectRefused(dataDir, live, link)
    const dirLink = join(elsewhere, 'data')
    symlinkSync(dataDir, dirLink)
    await expectRefused(dataDir, live, join(dirLink, 'debrief.sqlite'))
  })

  it('refuses a hard link to it (same inode under another name)', async () => {
    const { dataDir, live, link: hard } = linkedElsewhere(linkSync, 'backup.sqlite')
    await expectRefused(dataDir, live, hard)
    expect(existsSync(hard)).toBe(true)
  })

  it('refuses a relative path with .. that lands on it', async () => {
    const { dataDir, live } = liveDatabase()
    mkdirSync(join(dataDir, 'sub'))
    const to = `${relative(process.cwd(), dataDir)}/sub/../debrief.sqlite`
    expect(to).toContain('..')
    await expectRefused(dataDir, live, to)
  })

  it('refuses its -wal and -shm files', async () => {
    const { dataDir, live } = liveDatabase()
    await expectRefused(dataDir, live, `${live}-wal`)
    await expectRefused(dataDir, live, `${live}-shm`)
  })

  it('refuses a dangling symlink to its -wal file (writing it would create that file)', async () => {
    const { dataDir, live } = liveDatabase()
    const elsewhere = ownDir()
    const dangling = join(elsewhere, 'copy.sqlite')
    symlinkSync(`${live}-wal`, dangling)
    await expectRefused(dataDir, live, dangling)
  })

  it('still backs up next to the live database, into its own directory', async () => {
    const { dataDir, live } = liveDatabase()
    const result = await cli(dataDir, ['backup', '--to', `${dataDir}/`])
    expect(result.code).toBe(0)
    const copies = readdirSync(dataDir).filter((name) => /^debrief-\d{8}-\d{6}\.sqlite$/.test(name))
    expect(copies).toHaveLength(1)
    expectIntact(live)
    expectIntact(join(dataDir, copies[0]!))
  })
})
