import type { ExportStudy, ExportStudyCard } from '../domain/transfer.js'
import { iso, isoOrNull, ms, msOrNull } from '../domain/transfer.js'
import type { Db } from './connection.js'
import type { StudyNudgesRepository } from './studyNudges.js'

interface CardRow {
  id: number
  question_id: number
  mode: ExportStudyCard['mode']
  due: number
  stability: number
  difficulty: number
  elapsed_days: number
  scheduled_days: number
  learning_steps: number
  reps: number
  lapses: number
  state: number
  last_review: number | null
  created_at: number
  updated_at: number
}

interface ReviewRow {
  card_id: number
  rating: number
  reviewed_at: number
  elapsed_days: number
  state_before: number
  due_before: number
  stability_before: number
  difficulty_before: number
  scheduled_days_before: number
  learning_steps_before: number
  reps_before: number
  lapses_before: number
  last_review_before: number | null
}

/** Where a question sits in the export document. */
export interface QuestionPosition {
  interview: number
  index: number
}

/**
 * Study cards and their review history in and out of export documents. Cards name their question
 * by its position in the document (interview, then question), never by database id.
 */
export function studyTransferRepository(db: Db, nudges: Pick<StudyNudgesRepository, 'settings'>) {
  const cards = db.prepare(
    `SELECT id, question_id, mode, due, stability, difficulty, elapsed_days, scheduled_days, learning_steps, reps,
       lapses, state, last_review, created_at, updated_at FROM study_cards WHERE user_id = ? ORDER BY id`,
  )
  const reviews = db.prepare(
    `SELECT card_id, rating, reviewed_at, elapsed_days, state_before, due_before, stability_before, difficulty_before,
       scheduled_days_before, learning_steps_before, reps_before, lapses_before, last_review_before
     FROM study_reviews WHERE user_id = ? ORDER BY card_id, reviewed_at, id`,
  )
  const insertCard = db
    .prepare(
      `INSERT INTO study_cards (user_id, question_id, mode, due, stability, difficulty, elapsed_days, scheduled_days,
         learning_steps, reps, lapses, state, last_review, created_at, updated_at)
       VALUES (@userId, @questionId, @mode, @due, @stability, @difficulty, @elapsedDays, @scheduledDays,
         @learningSteps, @reps, @lapses, @state, @lastReview, @createdAt, @updatedAt)
       RETURNING id`,
    )
    .pluck()
  const insertReview = db.prepare(
    `INSERT INTO study_reviews (user_id, card_id, rating, reviewed_at, elapsed_days, state_before, due_before,
       stability_before, difficulty_before, scheduled_days_before, learning_steps_before, reps_before, lapses_before,
       last_review_before)
     VALUES (@userId, @cardId, @rating, @reviewedAt, @elapsedDays, @stateBefore, @dueBefore, @stabilityBefore,
       @difficultyBefore, @scheduledDaysBefore, @learningStepsBefore, @repsBefore, @lapsesBefore, @lastReviewBefore)`,
  )

  function stageCard(userId: number, questionId: number, card: ExportStudyCard): void {
    const cardId = insertCard.get({
      userId,
      questionId,
      mode: card.mode,
      due: ms(card.due),
      stability: card.stability,
      difficulty: card.difficulty,
      elapsedDays: card.elapsedDays,
      scheduledDays: card.scheduledDays,
      learningSteps: card.learningSteps,
      reps: card.reps,
      lapses: card.lapses,
      state: card.state,
      lastReview: msOrNull(card.lastReview),
      createdAt: ms(card.createdAt),
      updatedAt: ms(card.updatedAt),
    }) as number
    for (const r of card.reviews)
      insertReview.run({
        userId,
        cardId,
        rating: r.rating,
        reviewedAt: ms(r.reviewedAt),
        elapsedDays: r.elapsedDays,
        stateBefore: r.stateBefore,
        dueBefore: ms(r.dueBefore),
        stabilityBefore: r.stabilityBefore,
        difficultyBefore: r.difficultyBefore,
        scheduledDaysBefore: r.scheduledDaysBefore,
        learningStepsBefore: r.learningStepsBefore,
        repsBefore: r.repsBefore,
        lapsesBefore: r.lapsesBefore,
        lastReviewBefore: msOrNull(r.lastReviewBefore),
      })
  }

  return {
    exportStudy(userId: number, questionPosition: ReadonlyMap<number, QuestionPosition>): ExportStudy {
      const byCard = new Map<number, ExportStudyCard['reviews']>()
      for (const r of reviews.all(userId) as ReviewRow[]) {
        const list = byCard.get(r.card_id) ?? []
        byCard.set(r.card_id, list)
        list.push({
          rating: r.rating,
          reviewedAt: iso(r.reviewed_at),
          elapsedDays: r.elapsed_days,
          stateBefore: r.state_before,
          dueBefore: iso(r.due_before),
          stabilityBefore: r.stability_before,
          difficultyBefore: r.difficulty_before,
          scheduledDaysBefore: r.scheduled_days_before,
          learningStepsBefore: r.learning_steps_before,
          repsBefore: r.reps_before,
          lapsesBefore: r.lapses_before,
          lastReviewBefore: isoOrNull(r.last_review_before),
        })
      }
      const out: ExportStudyCard[] = []
      for (const c of cards.all(userId) as CardRow[]) {
        const at = questionPosition.get(c.question_id)
        if (!at) continue
        out.push({
          interviewIndex: at.interview,
          questionIndex: at.index,
          mode: c.mode,
          due: iso(c.due),
          stability: c.stability,
          difficulty: c.difficulty,
          elapsedDays: c.elapsed_days,
          scheduledDays: c.scheduled_days,
          learningSteps: c.learning_steps,
          reps: c.reps,
          lapses: c.lapses,
          state: c.state,
          lastReview: isoOrNull(c.last_review),
          createdAt: iso(c.created_at),
          updatedAt: iso(c.updated_at),
          reviews: byCard.get(c.id) ?? [],
        })
      }
      return { reminder: nudges.settings(userId), cards: out }
    },

    /** Cards [from, to) with their reviews under `userId` (the import's stand-in account), on the staged questions. */
    stageCards: db.transaction(
      (
        userId: number,
        list: readonly ExportStudyCard[],
        range: { from: number; to: number },
        questionIds: readonly (readonly number[])[],
      ): void => {
        for (let i = range.from; i < range.to; i++) {
          const card = list[i]!
          const questionId = questionIds[card.interviewIndex]?.[card.questionIndex]
          if (questionId !== undefined) stageCard(userId, questionId, card)
        }
      },
    ),
  }
}

export type StudyTransferRepository = ReturnType<typeof studyTransferRepository>
