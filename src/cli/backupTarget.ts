import { existsSync, lstatSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { terminalText } from './terminalText.js'

/** A backup target that would write over the live database; nothing was written. */
export class BackupTargetError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupTargetError'
  }
}

// The files SQLite keeps beside a database: writing any of them corrupts or replaces it.
const SIBLINGS = ['', '-wal', '-shm', '-journal']
const MAX_LINK_HOPS = 40

/**
 * Where writing `path` would land: symlinks (also dangling ones, which writing would create),
 * `..` and a symlinked directory resolved.
 */
export function resolvedPath(path: string): string {
  let current = resolve(path)
  for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
    try {
      return realpathSync(current)
    } catch {
      // Missing, or a dangling link: follow the link by hand, else resolve the directory.
    }
    let link: string | undefined
    try {
      if (lstatSync(current).isSymbolicLink()) link = readlinkSync(current)
    } catch {
      link = undefined
    }
    if (link === undefined) {
      const parent = dirname(current)
      return parent === current ? current : join(resolvedPath(parent), basename(current))
    }
    current = isAbsolute(link) ? link : resolve(dirname(current), link)
  }
  throw new BackupTargetError(`${path} is a chain of more than ${MAX_LINK_HOPS} symbolic links.`)
}

function identity(path: string): string | undefined {
  try {
    const stat = statSync(path)
    return `${stat.dev}:${stat.ino}`
  } catch {
    return undefined
  }
}

/**
 * Which of the live database's files `target` is, if any: the same path once resolved, or the
 * same file under another name (a hard link: same device and inode). -wal, -shm and -journal
 * count too: writing over them corrupts the database as surely as writing over it.
 */
export function liveFileAt(target: string, livePath: string): string | undefined {
  const live = resolvedPath(livePath)
  const targetPath = resolvedPath(target)
  const targetId = existsSync(targetPath) ? identity(targetPath) : undefined
  for (const suffix of SIBLINGS) {
    const sibling = `${live}${suffix}`
    if (targetPath === sibling || (targetId !== undefined && identity(sibling) === targetId)) return sibling
  }
  return undefined
}

/** Throws when writing `target` would overwrite the live database or one of its files. */
export function refuseLiveDatabase(target: string, livePath: string): void {
  const live = liveFileAt(target, livePath)
  if (live === undefined) return
  const what = live === resolvedPath(livePath) ? 'the live database' : 'a file of the live database'
  throw new BackupTargetError(
    `Refusing to back up to ${terminalText(target)}: it is ${what} (${terminalText(live)}), which the backup would overwrite. ` +
      'Nothing was written. Choose a file or directory outside the database, e.g. --to /backups/.',
  )
}
