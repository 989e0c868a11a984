import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connection.js'
import { MigrationError, migrate, readMigrations } from '../../src/db/migrate.js'
import { migrationsDir } from '../../src/paths.js'
import { tempDir } from '../helpers/app.js'

function copyMigrations(): string {
  const dir = join(tempDir(), 'migrations')
  mkdirSync(dir)
  cpSync(migrationsDir, dir, { recursive: true })
  return dir
}

const tables = (db: ReturnType<typeof openDatabase>) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]

describe('migrations', () => {
  it('applies every migration on a fresh database, in order, and records them', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'))
    const applied = migrate(db)
    expect(applied).toEqual(readMigrations().map((m) => m.name))
    expect(applied[0]).toBe('0001_accounts.sql')
    expect(tables(db)).toEqual(
      expect.arrayContaining(['users', 'sessions', 'api_tokens', 'interviews', 'questions']),
    )
    const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()
    expect(versions).toEqual(readMigrations().map((m) => m.version))
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(db.pragma('temp_store', { simple: true })).toBe(2) // MEMORY
    db.close()
  })

  it('does nothing when re-run', () => {
    const db = openDatabase(join(tempDir(), 'db.sqlite'))
    migrate(db)
    const before = tables(db)
    expect(migrate(db)).toEqual([])
    expect(tables(db)).toEqual(before)
    db.close()
  })

  it('rolls back a failing migration completely and names the file and the SQL error', () => {
    const dir = copyMigrations()
    writeFileSync(
      join(dir, '9000_broken.sql'),
      'CREATE TABLE half_done (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n',
    )
    const db = openDatabase(join(tempDir(), 'db.sqlite'))
    expect(() => migrate(db, dir)).toThrow(MigrationError)
    expect(() => migrate(db, dir)).toThrow(/9000_broken\.sql.*no such table: no_such_table/)
    expect(tables(db)).not.toContain('half_done')
    expect(db.prepare('SELECT count(*) FROM schema_migrations WHERE version = 9000').pluck().get()).toBe(0)
    db.close()
  })

  it('refuses to start when an applied migration file was edited', () => {
    const dir = copyMigrations()
    const db = openDatabase(join(tempDir(), 'db.sqlite'))
    migrate(db, dir)
    writeFileSync(join(dir, '0001_accounts.sql'), '-- edited\nCREATE TABLE sneaky (id INTEGER);\n')
    expect(() => migrate(db, dir)).toThrow(/0001_accounts\.sql was already applied but its file has changed/)
    expect(tables(db)).not.toContain('sneaky')
    db.close()
  })
})
