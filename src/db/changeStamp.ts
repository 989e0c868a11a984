import type { Db } from './connection.js'

/**
 * A value that changes whenever anything is written to the database: by this connection
 * (total_changes) or by any other, in this process or another (data_version). While it is
 * unchanged nothing has been written, so whatever was derived from the data is still valid.
 */
export function changeStamp(db: Db): () => string {
  // Two prepared statements cost about half of one that reads pragma_data_version as a table.
  const changes = db.prepare('SELECT total_changes()').pluck()
  const version = db.prepare('PRAGMA data_version').pluck()
  return () => `${changes.get() as number}.${version.get() as number}`
}
