import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../../src/db/connection.js'
import { groupCommit, MOST_PER_GROUP } from '../../src/db/groupCommit.js'

/**
 * Commits in the write-ahead log: frames whose header records the database's size after a
 * commit (bytes 4–7, zero in every other frame), of the log's current generation (its salts).
 */
function commitFrames(walPath: string): number {
  const wal = readFileSync(walPath)
  const pageSize = wal.readUInt32BE(8)
  const salts = wal.subarray(16, 24)
  let commits = 0
  for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
    if (!wal.subarray(at + 8, at + 16).equals(salts)) break
    if (wal.readUInt32BE(at + 4) !== 0) commits++
  }
  return commits
}

describe('group commit', () => {
  let dir: string
  let path: string
  let db: Db
  let reader: Database.Database

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'debrief-group-'))
    path = join(dir, 'group.sqlite')
    db = openDatabase(path)
    // Keeps every commit in the log for commitFrames to count.
    db.pragma('wal_autocheckpoint = 0')
    db.exec(`
      CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        body TEXT NOT NULL UNIQUE,
        parent_id INTEGER REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED
      );
    `)
    reader = new Database(path, { readonly: true })
  })

  afterEach(() => {
    reader.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const insert =
    (body: string, parentId: number | null = null) =>
    () =>
      Number(
        db.prepare('INSERT INTO notes (body, parent_id) VALUES (?, ?)').run(body, parentId).lastInsertRowid,
      )
  const bodies = () => reader.prepare('SELECT body FROM notes ORDER BY id').pluck().all()

  it('commits the writes queued in one turn of the event loop together, once, in order', async () => {
    const commits = groupCommit(db)
    const before = commitFrames(`${path}-wal`)
    const ids = await Promise.all(['a', 'b', 'c', 'd'].map((body) => commits.run(insert(body))))
    expect(commitFrames(`${path}-wal`) - before).toBe(1)
    expect(ids).toEqual([1, 2, 3, 4])
    expect(bodies()).toEqual(['a', 'b', 'c', 'd'])

    // Queued on a later turn: a group of its own.
    await commits.run(insert('e'))
    expect(commitFrames(`${path}-wal`) - before).toBe(2)
  })

  it('splits a long queue into groups of a bounded size', async () => {
    const commits = groupCommit(db)
    const before = commitFrames(`${path}-wal`)
    const count = MOST_PER_GROUP + 5
    await Promise.all(Array.from({ length: count }, (_, i) => commits.run(insert(`n${i}`))))
    expect(commitFrames(`${path}-wal`) - before).toBe(2)
    expect(bodies()).toHaveLength(count)
  })

  it('settles only once another connection can read the writes', async () => {
    const commits = groupCommit(db)
    const saved = commits.run(insert('durable'))
    // Queued, not yet run: nothing is written before the group's turn.
    expect(bodies()).toEqual([])
    await saved
    expect(bodies()).toEqual(['durable'])
  })

  it('rolls back only the piece that throws, and rejects it with its own error', async () => {
    const commits = groupCommit(db)
    const results = await Promise.allSettled([
      commits.run(insert('kept')),
      commits.run(() => {
        insert('undone')()
        insert('kept')() // the UNIQUE body fails after a first write of the same piece
      }),
      commits.run(insert('also kept')),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(bodies()).toEqual(['kept', 'also kept'])
  })

  it('rejects every piece of a group whose commit fails, and the next group commits', async () => {
    const commits = groupCommit(db)
    // A deferred foreign key is checked at COMMIT: this piece passes, the group's commit fails.
    const results = await Promise.allSettled([commits.run(insert('fine')), commits.run(insert('orphan', 99))])
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected'])
    for (const r of results) expect(String((r as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/)
    expect(bodies()).toEqual([])
    expect(db.inTransaction).toBe(false)

    await commits.run(insert('later'))
    expect(bodies()).toEqual(['later'])
  })

  it("runs at once inside a caller's own transaction, as part of it", async () => {
    const commits = groupCommit(db)
    let inside: Promise<number> | undefined
    db.transaction(() => {
      inside = commits.run(insert('joined'))
    })()
    expect(bodies()).toEqual(['joined'])
    expect(await inside).toBe(1)
  })

  it('is one per connection', () => {
    expect(groupCommit(db)).toBe(groupCommit(db))
  })
})
