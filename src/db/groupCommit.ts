import type { Db } from './connection.js'

/**
 * Durable writes that wait together. A commit with `synchronous=FULL` waits for the disk, and
 * what that wait costs grows far less than the number of pages it writes: one commit for the
 * writes of every request that arrived meanwhile costs about what one of them alone did.
 *
 * `run(work)` queues `work`; before the event loop next waits for I/O, every queued piece runs,
 * in order, inside one transaction, each in its own savepoint, and then that transaction
 * commits. The promise settles only after the commit: with the result once the writes are on
 * disk, or with the error. A piece that throws rolls back its own writes alone; the others still
 * commit. If the commit itself fails, every piece of it rejects with that error.
 *
 * `work` must be synchronous and must not wait for anything: the connection is held for the
 * whole group.
 */
export interface GroupCommit {
  run<T>(work: () => T): Promise<T>
}

interface Queued {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (error: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

// Bounds how long the first request of a group waits for the others' work.
export const MOST_PER_GROUP = 128

const byConnection = new WeakMap<Db, GroupCommit>()

/** The one group commit of `db`: everything that writes through it shares its groups. */
export function groupCommit(db: Db): GroupCommit {
  const known = byConnection.get(db)
  if (known) return known
  const made = newGroupCommit(db)
  byConnection.set(db, made)
  return made
}

function newGroupCommit(db: Db): GroupCommit {
  let queue: Queued[] = []
  // Nested inside a transaction, better-sqlite3 runs this as a savepoint.
  const savepoint = db.transaction((work: () => unknown) => work())

  // Each piece's outcome in order; SQLite ends the whole transaction on some errors (a full disk,
  // an I/O error), and what follows must not run outside it, committed on its own while its
  // promise says failed.
  const runAll = db.transaction((group: readonly Queued[], outcomes: Outcome[]) => {
    for (const queued of group) {
      if (!db.inTransaction) {
        outcomes.push({ ok: false, error: lostTransaction(outcomes) })
        continue
      }
      try {
        outcomes.push({ ok: true, value: savepoint(queued.work) })
      } catch (error) {
        outcomes.push({ ok: false, error })
      }
    }
  })

  const commitTogether = (group: readonly Queued[]): Outcome[] => {
    const outcomes: Outcome[] = []
    try {
      runAll(group, outcomes)
    } catch (error) {
      return group.map((_, i) => (outcomes[i]?.ok === false ? outcomes[i] : { ok: false, error }))
    }
    return outcomes
  }

  const flush = (): void => {
    const group = queue.slice(0, MOST_PER_GROUP)
    queue = queue.slice(group.length)
    if (queue.length > 0) setImmediate(flush)
    const outcomes = commitTogether(group)
    group.forEach((queued, i) => {
      const outcome = outcomes[i]!
      if (outcome.ok) queued.resolve(outcome.value)
      else queued.reject(outcome.error)
    })
  }

  return {
    run<T>(work: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        // Called inside a caller's own transaction: part of it, durable when it commits.
        if (db.inTransaction) {
          try {
            resolve(savepoint(work) as T)
          } catch (error) {
            reject(error)
          }
          return
        }
        if (queue.length === 0) setImmediate(flush)
        queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
      })
    },
  }
}

function lostTransaction(outcomes: readonly Outcome[]): Error {
  const cause = [...outcomes].reverse().find((o) => !o.ok)
  return new Error('The database ended the transaction before this write ran; nothing of it was saved.', {
    cause: cause && !cause.ok ? cause.error : undefined,
  })
}
