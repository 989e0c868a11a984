import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/db/connection.js'
import { keyedRows } from '../../src/db/keyedRows.js'
import { byLimit } from '../../src/db/limitedStatements.js'
import { readSnapshot } from '../../src/db/snapshot.js'
import { tempDir } from '../helpers/app.js'

let db: Database.Database
afterEach(() => db?.close())

function table() {
  db = new Database(':memory:')
  db.exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, score REAL, note TEXT, data BLOB);
    INSERT INTO t VALUES (1, 'Ada', 1.5, NULL, x'00ff'), (2, 'Bob "the" \\ one', -2, 'n', NULL)`)
  return db
}

// better-sqlite3's own row objects are the oracle: the same statement, read both ways.
describe('keyedRows', () => {
  it.each([
    ['every column', 'SELECT * FROM t ORDER BY id'],
    [
      'aliases and expressions',
      'SELECT id AS "startsAt", name || \'!\' AS shout, score * 2 FROM t ORDER BY id',
    ],
    ['a column name given twice, the last winning', 'SELECT id AS x, name AS x FROM t ORDER BY id'],
  ])('reads %s as better-sqlite3 does', (_, sql) => {
    const db = table()
    const expected = db.prepare(sql).all()
    expect(keyedRows(db.prepare(sql)).all()).toEqual(expected)
    expect(keyedRows(db.prepare(sql)).get()).toEqual(expected[0])
  })

  it('passes parameters and answers undefined for no row', () => {
    const db = table()
    const byId = keyedRows<{ id: number; name: string }>(db.prepare('SELECT id, name FROM t WHERE id = ?'))
    expect(byId.get(2)).toEqual({ id: 2, name: 'Bob "the" \\ one' })
    expect(byId.get(3)).toBeUndefined()
    expect(byId.all(1)).toEqual([{ id: 1, name: 'Ada' }])
  })
})

describe('byLimit', () => {
  it('reads as many rows as each limit says, preparing each limit once', () => {
    const db = table()
    let prepared = 0
    const first = byLimit((limit) => {
      prepared++
      return db.prepare(`SELECT id FROM t ORDER BY id LIMIT ${limit}`).pluck()
    })
    expect([first(1).all(), first(2).all(), first(0).all(), first(1).all()]).toEqual([[1], [1, 2], [], [1]])
    expect(prepared).toBe(3)
  })

  it('refuses a limit that is not a whole number, before any SQL is written with it', () => {
    const db = table()
    const statement = byLimit((limit) => db.prepare(`SELECT id FROM t LIMIT ${limit}`))
    for (const limit of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => statement(limit)).toThrow(RangeError)
  })
})

describe('readSnapshot', () => {
  const cleanups: (() => void)[] = []
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup()
  })

  // Two connections to one file, as the server and the CLI (or an import worker) are.
  function twoConnections() {
    const dir = tempDir()
    const reader = openDatabase(join(dir, 'db.sqlite'))
    reader.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)')
    const writer = openDatabase(join(dir, 'db.sqlite'))
    const count = reader.prepare('SELECT count(*) FROM t').pluck()
    const insert = writer.prepare('INSERT INTO t DEFAULT VALUES')
    cleanups.push(() => {
      reader.close()
      writer.close()
      rmSync(dir, { recursive: true, force: true })
    })
    return { reader, count: () => count.get() as number, insert: () => insert.run() }
  }

  it('reads one state of the data from start to end, and the newest state again afterwards', () => {
    const c = twoConnections()
    const snapshot = readSnapshot(c.reader)
    const seen = snapshot(() => {
      const before = c.count()
      c.insert()
      return [before, c.count()]
    })
    expect(seen).toEqual([0, 0])
    expect(c.count()).toBe(1)
    expect(c.reader.inTransaction).toBe(false)
  })

  it('joins a transaction already open, and ends its own when the read throws', () => {
    const c = twoConnections()
    const snapshot = readSnapshot(c.reader)
    c.reader.transaction(() => {
      expect(snapshot(() => c.reader.inTransaction)).toBe(true)
      expect(c.reader.inTransaction).toBe(true)
    })()
    expect(() =>
      snapshot(() => {
        throw new Error('the read failed')
      }),
    ).toThrow('the read failed')
    expect(c.reader.inTransaction).toBe(false)
    c.insert()
    expect(snapshot(() => c.count())).toBe(1)
  })
})
