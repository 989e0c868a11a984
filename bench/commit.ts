import { join } from 'node:path'
import Database from 'better-sqlite3'
import { CONNECTION_PRAGMAS } from '../src/db/connection.js'

export interface CommitReport {
  commits: number
  seconds: number
  perSecond: number
}

/**
 * The durable-commit ceiling: one-row transactions in a bare better-sqlite3 loop, with the
 * pragmas Debrief opens its database with (WAL, synchronous=FULL), on the same disk. No
 * transaction commits more often than this; a write endpoint can pass it only by committing
 * several requests' writes in one (src/db/groupCommit.ts).
 */
export function commitCeiling(dir: string, seconds: number): CommitReport {
  const db = new Database(join(dir, 'commit-ceiling.sqlite'))
  try {
    for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma)
    // Measured again beside each write row, in the same file.
    db.exec(
      'CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL, created_at INTEGER NOT NULL)',
    )
    const insert = db.prepare('INSERT INTO rows (body, created_at) VALUES (?, ?)')
    const commit = db.transaction((n: number) => insert.run(`row ${n}`, Date.now()))
    const started = performance.now()
    const until = started + seconds * 1000
    let commits = 0
    // Bounded by time and by count, whichever comes first.
    while (commits < 10_000_000 && performance.now() < until) commit(commits++)
    const elapsed = (performance.now() - started) / 1000
    return { commits, seconds: elapsed, perSecond: commits / elapsed }
  } finally {
    db.close()
  }
}
