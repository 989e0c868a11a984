import { changeStamp } from '../db/changeStamp.js'
import type { Db } from '../db/connection.js'
import type { StudyCardsRepository } from '../db/studyCards.js'
import { keepRecent } from '../domain/recentlyUsed.js'

/** Users whose count is kept; the least recently asked is dropped first. */
const CACHED_USERS = 500

/**
 * The nav's "cards due now" count, drawn on every page. Counting reads every researched
 * question of the user, so it grows with their history; but the answer can only change when
 * something is written or when the next card falls due, so it is reused until either happens.
 * That makes it exact, not approximate: a write anywhere (any connection) changes the stamp.
 */
export function dueCountCache(db: Db, repo: StudyCardsRepository) {
  const stamp = changeStamp(db)
  const counts = new Map<number, { stamp: string; count: number; nextDue: number }>()
  return (userId: number, now: number): number => {
    const current = stamp()
    const cached = counts.get(userId)
    // Due now means due at or before `now`; the count holds until the next due instant.
    if (cached && cached.stamp === current && now < cached.nextDue) {
      keepRecent(counts, userId, cached, CACHED_USERS)
      return cached.count
    }
    const { due: count, next } = repo.dueNowAndNext(userId, now + 1)
    const nextDue = next ?? Number.POSITIVE_INFINITY
    keepRecent(counts, userId, { stamp: current, count, nextDue }, CACHED_USERS)
    return count
  }
}
