import type { Db } from './connection.js'

/**
 * A value that changes whenever anything is written to the database: by this connection
 * (total_changes) or by any other, in this process or another (data_version). While it is
 * unchanged nothing has been written, so whatever was derived from the data is still valid.
 */
export function changeStamp(db: Db): () => string {
  const stamp = db
    .prepare('SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS version')
    .raw()
  return () => (stamp.get() as number[]).join('.')
}
