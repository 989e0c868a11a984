import type { Db } from '../db/connection.js'
import type { StudyCard, StudyCardsRepository, StudyMode } from '../db/studyCards.js'
import type { StudyPrepRepository, WeakTopic } from '../db/studyPrep.js'
import {
  type CardState,
  endOfLocalDay,
  newCardState,
  previewDue,
  ratingFromNumber,
  ratingNumber,
  replayReviews,
  reviewCard,
  STUDY_RATINGS,
  type StudyRating,
  startOfLocalDay,
} from '../domain/study.js'
import { type AccessContext, READ_ONLY_MESSAGE } from './access.js'
import { dueCountCache } from './dueCountCache.js'

/** Who is studying whose cards, and the time zone "today" is counted in (the owner's). */
export type StudyAccess = AccessContext & { readonly timeZone: string }

/** The access context with the time zone the study day is counted in. */
export const studyAccess = (access: AccessContext, timeZone: string): StudyAccess => ({ ...access, timeZone })

export type StudyError =
  | { error: 'not_found'; message: string }
  | { error: 'forbidden'; message: string }
  | { error: 'not_in_deck'; message: string }
  | { error: 'stale'; message: string }

export type StudyResult<T> = { ok: true; value: T } | ({ ok: false } & StudyError)

export const STUDY_MESSAGES = {
  notFound: 'No question with that id. It may have been deleted.',
  notInDeck:
    'That question is not in your study deck: it needs a researched answer, and nailed or excluded questions ' +
    'are studied only once you include them.',
  stale: 'That card was rated a moment ago (perhaps in another tab); here is the next one.',
} as const

export type RatingCounts = Record<StudyRating, number>

export interface StudySession {
  /** The card to study now, or null when nothing is due. */
  current: StudyCard | null
  /** When each rating would make the current card due next. */
  preview: Record<StudyRating, number> | null
  dueNow: number
  /** Due before the end of the user's local day, including those due now. */
  dueToday: number
  /** The next due instant when nothing is due now; null when nothing is scheduled. */
  nextDue: number | null
  deckSize: number
  topics: string[]
  /** Ratings given since the start of the user's local day. */
  today: RatingCounts
  reviewedToday: number
}

/** "Before your interview with Acme on Thursday: study its role's weak topics." */
export interface StudyPrep {
  /** 'role': weak topics of cards from interviews for the same role; 'weakest': the deck's weakest, none matched. */
  basis: 'role' | 'weakest'
  role: string
  /** Weakest first, at most three. */
  topics: WeakTopic[]
  /** Cards due now with any of these topics. */
  due: number
}

export interface ReviewRecorded {
  card: StudyCard
  rating: StudyRating
  before: CardState
}

const ok = <T>(value: T): StudyResult<T> => ({ ok: true, value })
const fail = (error: StudyError['error'], message: string): StudyResult<never> => ({
  ok: false,
  error,
  message,
})

/** Rules of studying the question bank: what is due, and recording a rating in one transaction. */
export function studyService(
  db: Db,
  repo: StudyCardsRepository,
  clock: { now(): number },
  prep?: StudyPrepRepository,
) {
  const navDueCount = dueCountCache(db, repo)
  const countRatings = (userId: number, since: number): RatingCounts => {
    const counts = repo.ratingCounts(userId, since)
    return Object.fromEntries(STUDY_RATINGS.map((r) => [r, counts.get(ratingNumber(r)) ?? 0])) as RatingCounts
  }

  const record = db.transaction(
    (actor: StudyAccess, questionId: number, rating: StudyRating, expectedReps: number | undefined) => {
      const now = clock.now()
      const card = repo.get(actor.ownerId, questionId)
      if (!card) return fail('not_found', STUDY_MESSAGES.notFound)
      if (!card.eligible) return fail('not_in_deck', STUDY_MESSAGES.notInDeck)
      if (expectedReps !== undefined && card.state.reps !== expectedReps)
        return fail('stale', STUDY_MESSAGES.stale)
      // A new card is scheduled from now, not from when its question was logged.
      const before = card.cardId === null ? newCardState(now) : card.state
      const { next, elapsedDays } = reviewCard(before, rating, now)
      const cardId = card.cardId ?? repo.insert(actor.ownerId, questionId, card.mode, before, now)
      if (cardId === undefined) return fail('not_found', STUDY_MESSAGES.notFound)
      repo.updateState(actor.ownerId, cardId, next, now)
      repo.addReview(
        actor.ownerId,
        cardId,
        { rating: ratingNumber(rating), reviewedAt: now, elapsedDays },
        before,
      )
      const after = repo.get(actor.ownerId, questionId) as StudyCard
      return ok<ReviewRecorded>({ card: after, rating, before })
    },
  )

  return {
    /** What the study page shows; reads only. */
    session(actor: StudyAccess, topic: string | null = null): StudySession {
      const now = clock.now()
      const [current = null] = repo.due(actor.ownerId, now + 1, topic, 1)
      const today = countRatings(actor.ownerId, startOfLocalDay(now, actor.timeZone))
      const dueNow = repo.dueCount(actor.ownerId, now + 1, topic)
      return {
        current,
        preview: current
          ? previewDue(current.cardId === null ? newCardState(now) : current.state, now)
          : null,
        dueNow,
        dueToday: repo.dueCount(actor.ownerId, endOfLocalDay(now, actor.timeZone), topic),
        nextDue: dueNow === 0 ? repo.nextDue(actor.ownerId, now + 1, topic) : null,
        deckSize: repo.deckSize(actor.ownerId),
        topics: repo.topics(actor.ownerId),
        today,
        reviewedToday: STUDY_RATINGS.reduce((sum, r) => sum + today[r], 0),
      }
    },

    /** Cards due now, soonest first. */
    due(
      actor: StudyAccess,
      options: { topic?: string | null; limit: number },
    ): { items: StudyCard[]; total: number } {
      const until = clock.now() + 1
      const topic = options.topic ?? null
      return {
        items: repo.due(actor.ownerId, until, topic, options.limit),
        total: repo.dueCount(actor.ownerId, until, topic),
      }
    },

    dueCount(actor: StudyAccess): number {
      return navDueCount(actor.ownerId, clock.now())
    },

    /** Researched questions not studied now (nailed, or excluded), to include again. */
    outside(actor: StudyAccess, limit = 50): StudyCard[] {
      return repo.outside(actor.ownerId, limit)
    },

    card(actor: StudyAccess, questionId: number): StudyCard | undefined {
      return repo.get(actor.ownerId, questionId)
    },

    /**
     * Rates a card (named by its question's id). `expectedReps`, when given, is how many reviews the card
     * had when it was shown; a different count means it was rated meanwhile and this rating is refused.
     */
    review(
      actor: StudyAccess,
      questionId: number,
      rating: StudyRating,
      expectedReps?: number,
    ): StudyResult<ReviewRecorded> {
      if (!actor.mayWrite) return fail('forbidden', READ_ONLY_MESSAGE)
      return record(actor, questionId, rating, expectedReps)
    },

    /** Opts a question out of studying, back in, or (for a nailed one) in on request. */
    setMode(actor: StudyAccess, questionId: number, mode: StudyMode): StudyResult<StudyCard> {
      if (!actor.mayWrite) return fail('forbidden', READ_ONLY_MESSAGE)
      return db.transaction(() => {
        const now = clock.now()
        const card = repo.get(actor.ownerId, questionId)
        if (!card) return fail('not_found', STUDY_MESSAGES.notFound)
        if (card.cardId === null) repo.insert(actor.ownerId, questionId, mode, newCardState(now), now)
        else repo.setMode(actor.ownerId, questionId, mode, now)
        return ok(repo.get(actor.ownerId, questionId) as StudyCard)
      })()
    },

    /** The card's state recomputed from its review log alone; equals the stored state unless the log was edited. */
    recompute(actor: StudyAccess, questionId: number): CardState | undefined {
      const card = repo.get(actor.ownerId, questionId)
      if (!card || card.cardId === null) return undefined
      const log = repo.cardReviews(actor.ownerId, questionId)
      return replayReviews(
        log.map((r) => ({ rating: ratingFromNumber(r.rating) as StudyRating, reviewedAt: r.reviewedAt })),
        log[0]?.reviewedAt ?? card.createdAt,
      )
    },

    /**
     * What to study before an interview that has not ended yet: the weak topics of cards from
     * interviews for the same role, or the deck's weakest topics when there are none; null when
     * the interview is over or the deck has nothing to offer.
     */
    prepFor(actor: StudyAccess, interview: { id: number; role: string; endsAt: number }): StudyPrep | null {
      const now = clock.now()
      if (!prep || interview.endsAt <= now) return null
      const role = interview.role.trim()
      let basis: StudyPrep['basis'] = 'role'
      let topics = role ? prep.weakTopics(actor.ownerId, interview.id, role, now + 1, 3) : []
      if (topics.length === 0) {
        basis = 'weakest'
        topics = prep.weakTopics(actor.ownerId, interview.id, null, now + 1, 3)
      }
      if (topics.length === 0) return null
      const due = prep.dueInTopics(
        actor.ownerId,
        interview.id,
        basis === 'role' ? role : null,
        topics.map((t) => t.topic),
        now + 1,
      )
      return { basis, role: interview.role, topics, due }
    },

    /** Review log rows since an instant, for insights. */
    reviewsSince(actor: StudyAccess, since: number) {
      return repo.reviewsSince(actor.ownerId, since)
    },
  }
}

export type StudyService = ReturnType<typeof studyService>
