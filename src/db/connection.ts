import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

export type Db = Database.Database

/** How often a long-lived connection refreshes the planner's statistics. */
export const OPTIMIZE_INTERVAL_MS = 60 * 60 * 1000

/**
 * synchronous=FULL: a reminder marked "sent" must stay sent after a power cut,
 * otherwise it would go out twice; the cost is measured in the benchmarks.
 * temp_store=MEMORY: a transaction of several statements that fire triggers (creating an
 * interview writes the interview, its reminders and the user's count) keeps a statement
 * journal, which past 64 KiB would otherwise spill to a new temporary file per transaction —
 * an open, an unlink and dozens of writes that nothing reads back.
 */
export const CONNECTION_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = FULL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'temp_store = MEMORY',
] as const

export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma)
  // What SQLite recommends at open for a long-lived connection: statistics for every table
  // that lacks them or whose size changed much, with a bounded (fast) analysis.
  db.pragma('optimize = 0x10002')
  dropValueSamples(db)
  return db
}

/**
 * Runs `write` with synchronous=NORMAL, then restores the connection's setting: for writes that
 * need not survive a power cut (in WAL mode the database stays consistent either way), which
 * then spare the event loop an fsync per commit.
 */
export function withoutFsync<T>(db: Db, write: () => T): T {
  const durable = db.pragma('synchronous', { simple: true }) as number
  db.pragma('synchronous = NORMAL')
  try {
    return write()
  } finally {
    db.pragma(`synchronous = ${durable}`)
  }
}

/** A check that the database answers (the health check's): throws what SQLite throws if it does not. */
export function databasePing(db: Db): () => void {
  const ping = db.prepare('SELECT 1').pluck()
  return () => {
    ping.get()
  }
}

/** Refreshes statistics the planner would gain from; cheap when nothing changed much. */
export function optimizeDatabase(db: Db): void {
  db.pragma('optimize')
  dropValueSamples(db)
}

/**
 * Keeps the planner's statistics of each index (sqlite_stat1) but not the samples of values
 * (sqlite_stat4) that ANALYZE gathers beside them: with samples, SQLite compiles again, on
 * every run, each statement whose plan a bound value might change, which is nearly every hot
 * query and costs several times the query itself. Without them a plan depends on the shape of
 * the data, never on the values of one call. ANALYZE sqlite_schema reloads what is left.
 */
function dropValueSamples(db: Db): void {
  const samples = db
    .prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat4'")
    .pluck()
    .get() as number
  if (samples === 0 || db.prepare('SELECT EXISTS (SELECT 1 FROM sqlite_stat4)').pluck().get() === 0) return
  db.exec('DELETE FROM sqlite_stat4; ANALYZE sqlite_schema')
}

/** Leaves the statistics of this connection's work behind for the next one, then closes. */
export function closeDatabase(db: Db): void {
  if (!db.open) return
  try {
    optimizeDatabase(db)
  } finally {
    db.close()
  }
}
