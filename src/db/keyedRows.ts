import type { Statement } from 'better-sqlite3'

/** A statement's rows as objects keyed by column name, built the cheap way (see keyedRows). */
export interface KeyedRows<Row> {
  all(...params: unknown[]): Row[]
  get(...params: unknown[]): Row | undefined
}

/**
 * better-sqlite3 builds each row object by setting one property per column through V8's
 * generic path, interning every column name again on every row: most of the cost of reading a
 * list of rows. The same statement in raw mode returns arrays, and one object literal per row,
 * compiled once here from the column names, makes the same objects for a fraction of that.
 */
export function keyedRows<Row>(statement: Statement): KeyedRows<Row> {
  const names = statement.columns().map((column) => column.name)
  const literal = names.map((name, n) => `${JSON.stringify(name)}: row[${n}]`).join(', ')
  // Built from the statement's own column names (SQL in this repository), never from input.
  const toRow = new Function('row', `return { ${literal} }`) as (row: unknown[]) => Row
  statement.raw(true)
  return {
    all: (...params) => (statement.all(...params) as unknown[][]).map(toRow),
    get: (...params) => {
      const row = statement.get(...params) as unknown[] | undefined
      return row === undefined ? undefined : toRow(row)
    },
  }
}
