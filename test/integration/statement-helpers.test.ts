import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { keyedRows } from '../../src/db/keyedRows.js'
import { byLimit } from '../../src/db/limitedStatements.js'

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
