import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { type Db, openDatabase } from '../../src/db/connection.js'
import { migrate } from '../../src/db/migrate.js'
import { migrationsDir } from '../../src/paths.js'
import { tempDir } from './app.js'

/**
 * A database with every migration before `number` (e.g. '0016') applied, as an install running
 * the previous version had it, in a fresh data directory (its file is the app's database there).
 */
export function databaseBefore(number: string, now = Date.now()) {
  const dataDir = tempDir()
  const dir = join(dataDir, 'migrations')
  mkdirSync(dir)
  // Only the earlier migrations: later ones build on the tables of the one under test.
  for (const name of readdirSync(migrationsDir).filter((n) => n < number))
    cpSync(join(migrationsDir, name), join(dir, name))
  const db = openDatabase(join(dataDir, 'debrief.sqlite'))
  migrate(db, dir, now)
  return { db, dataDir }
}

/** A fresh data directory with a database every migration has run on, at `now`; `file` to open it again. */
export function migratedDatabase(now: number) {
  const dir = tempDir()
  const file = join(dir, 'debrief.sqlite')
  const db = openDatabase(file)
  migrate(db, undefined, now)
  return { db, dir, file }
}

/**
 * migratedDatabase for each test of the enclosing block, closed and removed after it. The fields are filled in
 * beforeEach; a test that puts another database or directory in their place has those closed and removed instead.
 */
export function migratedDatabaseEach(now: number): { db: Db; dir: string } {
  const store = {} as { db: Db; dir: string }
  beforeEach(() => {
    ;({ db: store.db, dir: store.dir } = migratedDatabase(now))
  })
  afterEach(() => {
    store.db.close()
    rmSync(store.dir, { recursive: true, force: true })
  })
  return store
}
