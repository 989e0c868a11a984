import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { migrationsDir } from '../paths.js'
import type { Db } from './connection.js'

export class MigrationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MigrationError'
  }
}

interface MigrationFile {
  version: number
  name: string
  sql: string
  checksum: string
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/

export function readMigrations(dir = migrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => FILE_PATTERN.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), 'utf8')
      return {
        version: Number(name.slice(0, 4)),
        name,
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      }
    })
}

/** Applies pending migrations in order, each in its own transaction. Returns the names applied. */
export function migrate(db: Db, dir = migrationsDir, now = Date.now()): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`)
  const applied = new Map(
    (
      db.prepare('SELECT version, name, checksum FROM schema_migrations').all() as {
        version: number
        name: string
        checksum: string
      }[]
    ).map((row) => [row.version, row]),
  )
  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
  )
  const done: string[] = []
  for (const file of readMigrations(dir)) {
    const previous = applied.get(file.version)
    if (previous) {
      if (previous.checksum !== file.checksum) {
        throw new MigrationError(
          `Migration ${file.name} was already applied but its file has changed since. ` +
            'Applied migrations must never be edited: restore the original file and put the change in a new migration.',
        )
      }
      continue
    }
    try {
      db.transaction(() => {
        db.exec(file.sql)
        record.run(file.version, file.name, file.checksum, now)
      })()
    } catch (error) {
      throw new MigrationError(
        `Migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
      )
    }
    done.push(file.name)
  }
  return done
}
