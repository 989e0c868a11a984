import type { Db } from '../db/connection.js'
import { okOr, type ServiceFailure, type ServiceResult } from './result.js'

/** A repository's rows of one owner, by id. */
export interface OwnedRows<T> {
  get(ownerId: number, id: number): T | undefined
  remove(ownerId: number, id: number): boolean
}

/**
 * Deletes one of the owner's rows and answers what it was: read and deleted in one transaction,
 * so the answer is exactly what went.
 */
export function removeOwned<T>(
  db: Db,
  rows: OwnedRows<T>,
  ownerId: number,
  id: number,
  missing: () => ServiceFailure,
): ServiceResult<T> {
  return db.transaction(() => {
    const row = rows.get(ownerId, id)
    return okOr(row !== undefined && rows.remove(ownerId, id) ? row : undefined, missing)
  })()
}
