import type { Db } from './connection.js'

/**
 * Runs `read` inside one read transaction, for code that runs many statements in a row without
 * waiting (a page's reads, a template that asks for the nav's counts). Each statement outside a
 * transaction takes and releases SQLite's WAL read lock on its own (two `fcntl` calls and a
 * check of the database header), which costs more than most of these small reads themselves;
 * inside one transaction that is paid once, and every statement sees the same state of the data.
 * Only for synchronous code: nothing else can run on the connection until it returns.
 */
export function readSnapshot(db: Db): <T>(read: () => T) => T {
  const inTransaction = db.transaction((read: () => unknown) => read())
  return <T>(read: () => T): T => (db.inTransaction ? read() : (inTransaction(read) as T))
}
