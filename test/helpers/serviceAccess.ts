import { expect } from 'vitest'
import type { Db } from '../../src/db/connection.js'
import type { ServiceResult } from '../../src/services/result.js'

/** What a service method answers, now or once its work is done. */
export type Outcome = ServiceResult<unknown> | Promise<ServiceResult<unknown>>

/** The connection's count of changed rows: any write a call made shows here. */
export const totalChanges = (db: Db) => db.prepare('SELECT total_changes()').pluck().get() as number

/** Every row of these tables, to compare before and after calls that must change nothing. */
export const tableRows = (db: Db, tables: readonly string[]) =>
  tables.map((table) => JSON.stringify(db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all())).join('\n')

/**
 * Every method of the services (keyed by name) is among `named` as `service.method`, so a
 * method added later must be classed as a read or a write a test calls.
 */
export function expectEveryMethodNamed(services: Record<string, object>, named: ReadonlySet<string>) {
  for (const [name, service] of Object.entries(services))
    for (const method of Object.keys(service))
      expect(named.has(`${name}.${method}`), `${name}.${method}`).toBe(true)
}
