import type { CardState, CardStateNumber } from '../domain/study.js'
import type { Db } from './connection.js'
import { byLimit } from './limitedStatements.js'
import { mapOne, parseList } from './rows.js'
import {
  type CardRow,
  COLUMNS,
  DUE,
  ELIGIBLE,
  FROM,
  STATE_PARAMS,
  type StudyCard,
  type StudyMode,
  type StudyReviewRow,
  TOPIC,
  toCard,
} from './studyCardSql.js'

export type { StudyCard, StudyMode, StudyReviewRow } from './studyCardSql.js'

/**
 * The deck's hot statements (the due count runs for the nav on every page), exported so that
 * test/integration/query-plans.test.ts checks they read the user's researched questions only
 * (ELIGIBLE names the condition of the questions_researched index), never their whole history.
 */
export const STUDY_SQL = {
  due: (limit: number) => `SELECT ${COLUMNS} ${FROM}
     WHERE q.user_id = @userId AND ${ELIGIBLE} AND ${DUE} < @until AND ${TOPIC}
     ORDER BY ${DUE}, q.id LIMIT ${limit}`,
  dueCount: `SELECT count(*) ${FROM} WHERE q.user_id = @userId AND ${ELIGIBLE} AND ${DUE} < @until AND ${TOPIC}`,
  // The nav's count and the instant it next changes, in one read of the deck.
  dueNowAndNext: `SELECT count(*) FILTER (WHERE ${DUE} < @until) AS due, min(${DUE}) FILTER (WHERE ${DUE} >= @until) AS next
     ${FROM} WHERE q.user_id = @userId AND ${ELIGIBLE}`,
} as const

export function studyCardsRepository(db: Db) {
  const due = byLimit((limit) => db.prepare(STUDY_SQL.due(limit)))
  const dueCount = db.prepare(STUDY_SQL.dueCount).pluck()
  const dueNowAndNext = db.prepare(STUDY_SQL.dueNowAndNext)
  const nextDue = db
    .prepare(
      `SELECT min(${DUE}) ${FROM} WHERE q.user_id = @userId AND ${ELIGIBLE} AND ${DUE} >= @after AND ${TOPIC}`,
    )
    .pluck()
  // Researched questions left out: nailed ones (studied only on request) and excluded ones.
  const outside = db.prepare(
    `SELECT ${COLUMNS} ${FROM}
     WHERE q.user_id = ? AND trim(q.researched_answer) <> '' AND NOT ${ELIGIBLE}
     ORDER BY q.created_at DESC, q.id DESC LIMIT ?`,
  )
  const deckCount = db.prepare(`SELECT count(*) ${FROM} WHERE q.user_id = ? AND ${ELIGIBLE}`).pluck()
  const byQuestion = db.prepare(`SELECT ${COLUMNS} ${FROM} WHERE q.id = ? AND q.user_id = ?`)
  const deckTopics = db
    .prepare(
      `SELECT min(t.value) ${FROM}, json_each(q.topics) t WHERE q.user_id = ? AND ${ELIGIBLE}
       GROUP BY lower(t.value) ORDER BY lower(t.value)`,
    )
    .pluck()
  const insertCard = db.prepare(
    `INSERT INTO study_cards (user_id, question_id, mode, due, stability, difficulty, elapsed_days,
       scheduled_days, learning_steps, reps, lapses, state, last_review, created_at, updated_at)
     SELECT @userId, q.id, @mode, ${STATE_PARAMS}, @now, @now
     FROM questions q WHERE q.id = @questionId AND q.user_id = @userId
     RETURNING id`,
  )
  const updateState = db.prepare(
    `UPDATE study_cards SET due = @due, stability = @stability, difficulty = @difficulty,
       elapsed_days = @elapsedDays, scheduled_days = @scheduledDays, learning_steps = @learningSteps,
       reps = @reps, lapses = @lapses, state = @state, last_review = @lastReview, updated_at = @now
     WHERE id = @cardId AND user_id = @userId`,
  )
  const setMode = db.prepare(
    'UPDATE study_cards SET mode = @mode, updated_at = @now WHERE question_id = @questionId AND user_id = @userId',
  )
  const insertReview = db.prepare(
    `INSERT INTO study_reviews (user_id, card_id, rating, reviewed_at, elapsed_days, state_before, due_before,
       stability_before, difficulty_before, scheduled_days_before, learning_steps_before, reps_before,
       lapses_before, last_review_before)
     VALUES (@userId, @cardId, @rating, @reviewedAt, @elapsedDays, @state, @due, @stability, @difficulty,
       @scheduledDays, @learningSteps, @reps, @lapses, @lastReview)`,
  )
  const ratingsSince = db.prepare(
    'SELECT rating, count(*) AS n FROM study_reviews WHERE user_id = ? AND reviewed_at >= ? GROUP BY rating',
  )
  const reviewRows = db.prepare(
    `SELECT r.card_id, c.question_id, r.rating, r.reviewed_at, r.state_before, q.topics
     FROM study_reviews r JOIN study_cards c ON c.id = r.card_id AND c.user_id = r.user_id
     JOIN questions q ON q.id = c.question_id AND q.user_id = r.user_id
     WHERE r.user_id = ? AND r.reviewed_at >= ? ORDER BY r.reviewed_at, r.id`,
  )
  const cardReviews = db.prepare(
    `SELECT r.rating, r.reviewed_at FROM study_reviews r JOIN study_cards c ON c.id = r.card_id
     WHERE c.question_id = ? AND r.user_id = ? ORDER BY r.reviewed_at, r.id`,
  )

  const stateParams = (s: CardState) => ({ ...s })

  return {
    /** Cards in the deck due before `until`, soonest first. */
    due(userId: number, until: number, topic: string | null, limit: number): StudyCard[] {
      return (due(limit).all({ userId, until, topic }) as CardRow[]).map(toCard)
    },

    dueCount(userId: number, until: number, topic: string | null): number {
      return dueCount.get({ userId, until, topic }) as number
    },

    /** Cards due before `until`, and the earliest due instant at or after it (null: none scheduled). */
    dueNowAndNext(userId: number, until: number): { due: number; next: number | null } {
      return dueNowAndNext.get({ userId, until }) as { due: number; next: number | null }
    },

    /** The earliest due instant at or after `after`; null when nothing more is scheduled. */
    nextDue(userId: number, after: number, topic: string | null): number | null {
      return (nextDue.get({ userId, after, topic }) as number | null) ?? null
    },

    /** Researched questions not in the deck, newest first, so they can be included. */
    outside(userId: number, limit: number): StudyCard[] {
      return (outside.all(userId, limit) as CardRow[]).map(toCard)
    },

    deckSize(userId: number): number {
      return deckCount.get(userId) as number
    },

    /** Any question of the user as a card, in the deck or not; undefined when not the user's. */
    get(userId: number, questionId: number): StudyCard | undefined {
      return mapOne(byQuestion.get(questionId, userId), toCard)
    },

    /** Topics of the cards in the deck, one spelling per tag. */
    topics(userId: number): string[] {
      return deckTopics.all(userId) as string[]
    },

    /** Writes the card row of a question of this user; returns its id, undefined when not the user's. */
    insert(
      userId: number,
      questionId: number,
      mode: StudyMode,
      state: CardState,
      now: number,
    ): number | undefined {
      const row = insertCard.get({ ...stateParams(state), userId, questionId, mode, now }) as
        | { id: number }
        | undefined
      return row?.id
    },

    updateState(userId: number, cardId: number, state: CardState, now: number): boolean {
      return updateState.run({ ...stateParams(state), userId, cardId, now }).changes === 1
    },

    setMode(userId: number, questionId: number, mode: StudyMode, now: number): boolean {
      return setMode.run({ userId, questionId, mode, now }).changes === 1
    },

    /** Records one rating with the card's state before it. */
    addReview(
      userId: number,
      cardId: number,
      review: { rating: number; reviewedAt: number; elapsedDays: number },
      before: CardState,
    ): void {
      insertReview.run({ ...stateParams(before), ...review, userId, cardId })
    },

    /** How many reviews of each rating (1–4) since an instant. */
    ratingCounts(userId: number, since: number): Map<number, number> {
      return new Map(
        (ratingsSince.all(userId, since) as { rating: number; n: number }[]).map((r) => [r.rating, r.n]),
      )
    },

    reviewsSince(userId: number, since: number): StudyReviewRow[] {
      return (
        reviewRows.all(userId, since) as {
          card_id: number
          question_id: number
          rating: number
          reviewed_at: number
          state_before: CardStateNumber
          topics: string
        }[]
      ).map((r) => ({
        cardId: r.card_id,
        questionId: r.question_id,
        rating: r.rating,
        reviewedAt: r.reviewed_at,
        stateBefore: r.state_before,
        topics: parseList(r.topics),
      }))
    },

    /** One card's log, oldest first, to recompute its schedule. */
    cardReviews(userId: number, questionId: number): { rating: number; reviewedAt: number }[] {
      return (cardReviews.all(questionId, userId) as { rating: number; reviewed_at: number }[]).map((r) => ({
        rating: r.rating,
        reviewedAt: r.reviewed_at,
      }))
    },
  }
}

export type StudyCardsRepository = ReturnType<typeof studyCardsRepository>
