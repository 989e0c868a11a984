import Database from 'better-sqlite3'
import type { Db } from './connection.js'

/**
 * Writes a copy of the database to `file` (which must not exist) with VACUUM INTO, and answers
 * the copy's PRAGMA integrity_check ('ok' when it is sound). VACUUM INTO reads in one
 * transaction, so the copy is a consistent snapshot while the app keeps writing (the
 * page-by-page backup API restarts on every concurrent write and can be starved by a busy
 * server).
 */
export function copyDatabase(db: Db, file: string): string {
  db.prepare('VACUUM INTO ?').run(file)
  const copy = new Database(file)
  try {
    // A self-contained single file (no -wal/-shm beside it) is what one copies off the machine.
    copy.pragma('journal_mode = DELETE')
    return (copy.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ')
  } finally {
    copy.close()
  }
}
