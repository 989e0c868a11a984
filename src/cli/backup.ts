import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Db } from '../db/connection.js'
import { copyDatabase } from '../db/copy.js'
import { liveFileAt, refuseLiveDatabase } from './backupTarget.js'

const ROTATED = /^debrief-\d{8}-\d{6}\.sqlite$/

export interface BackupResult {
  file: string
  integrity: string
  removed: string[]
}

function stamp(now: number): string {
  return new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
}

/**
 * Online backup (copyDatabase), reported good only once the copy passed integrity_check. A
 * directory target gets a timestamped file, and `keep` prunes the oldest rotated copies.
 */
export async function backupDatabase(
  db: Db,
  target: string,
  options: { keep?: number; now?: number } = {},
): Promise<BackupResult> {
  const now = options.now ?? Date.now()
  const isDir =
    target.endsWith('/') ||
    (existsSync(target) && statSync(target).isDirectory()) ||
    options.keep !== undefined
  const file = isDir ? join(target, `debrief-${stamp(now)}.sqlite`) : target
  // The copy replaces whatever is at `file`: never the database it is copied from.
  refuseLiveDatabase(file, db.name)
  mkdirSync(dirname(file), { recursive: true })
  if (existsSync(file)) rmSync(file)
  const integrity = copyDatabase(db, file)
  if (integrity !== 'ok')
    throw new Error(`Backup written to ${file} but it failed integrity_check: ${integrity}`)

  const removed: string[] = []
  if (isDir && options.keep !== undefined) {
    const rotated = readdirSync(target)
      .filter((name) => ROTATED.test(name))
      .sort()
    for (const name of rotated.slice(0, Math.max(0, rotated.length - options.keep))) {
      // A live database that happens to match the rotation pattern is never pruned.
      if (liveFileAt(join(target, name), db.name) !== undefined) continue
      rmSync(join(target, name))
      removed.push(join(target, name))
    }
  }
  return { file, integrity, removed }
}
