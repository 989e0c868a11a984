import type { Db } from './connection.js'
import { DUE, ELIGIBLE, FROM } from './studyCardSql.js'

export interface WeakTopic {
  topic: string
  /** Cards in the deck with this topic. */
  cards: number
  /** Of those, due now. */
  due: number
}

/**
 * Topics of the deck ranked by how weak they are — lapses, then missed (2) and shaky (1)
 * answers — optionally only from interviews for one role. Every statement is scoped by user_id.
 */
export const WEAK_TOPICS_SQL = `SELECT min(t.value) AS topic, count(DISTINCT q.id) AS cards,
    count(DISTINCT CASE WHEN ${DUE} < @until THEN q.id END) AS due,
    sum(coalesce(c.lapses, 0)) * 3 + sum(CASE q.confidence WHEN 'missed' THEN 2 WHEN 'shaky' THEN 1 ELSE 0 END) AS weakness
  ${FROM}, json_each(q.topics) t
  WHERE q.user_id = @userId AND ${ELIGIBLE} AND q.interview_id <> @interviewId
    AND (@role IS NULL OR i.role = @role COLLATE NOCASE)
  GROUP BY lower(t.value) ORDER BY weakness DESC, due DESC, topic LIMIT @limit`

/** Cards due now among those with any of the given topics (a JSON array), for the prep count. */
export const DUE_IN_TOPICS_SQL = `SELECT count(*) ${FROM}
  WHERE q.user_id = @userId AND ${ELIGIBLE} AND ${DUE} < @until AND q.interview_id <> @interviewId
    AND (@role IS NULL OR i.role = @role COLLATE NOCASE)
    AND EXISTS (SELECT 1 FROM json_each(q.topics) t, json_each(@topics) w WHERE lower(t.value) = lower(w.value))`

export function studyPrepRepository(db: Db) {
  const weakTopics = db.prepare(WEAK_TOPICS_SQL)
  const dueInTopics = db.prepare(DUE_IN_TOPICS_SQL).pluck()
  return {
    /** The weakest topics of cards from other interviews (for `role`, or all when null). */
    weakTopics(
      userId: number,
      interviewId: number,
      role: string | null,
      until: number,
      limit: number,
    ): WeakTopic[] {
      return (weakTopics.all({ userId, interviewId, role, until, limit }) as WeakTopic[]).map((row) => ({
        topic: row.topic,
        cards: row.cards,
        due: row.due,
      }))
    },

    dueInTopics(
      userId: number,
      interviewId: number,
      role: string | null,
      topics: string[],
      until: number,
    ): number {
      return dueInTopics.get({ userId, interviewId, role, topics: JSON.stringify(topics), until }) as number
    },
  }
}

export type StudyPrepRepository = ReturnType<typeof studyPrepRepository>
