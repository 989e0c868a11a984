import { DateTime } from 'luxon'
import {
  type Card,
  createEmptyCard,
  fsrs,
  type Grade,
  generatorParameters,
  Rating,
  type State,
} from 'ts-fsrs'

/** How a card was recalled, in the words on the buttons; stored as ts-fsrs's Rating numbers (1–4). */
export const STUDY_RATINGS = ['again', 'hard', 'good', 'easy'] as const
export type StudyRating = (typeof STUDY_RATINGS)[number]
export const RATING_LABELS: Record<StudyRating, string> = {
  again: 'Again',
  hard: 'Hard',
  good: 'Good',
  easy: 'Easy',
}

const GRADES: Record<StudyRating, Grade> = {
  again: Rating.Again,
  hard: Rating.Hard,
  good: Rating.Good,
  easy: Rating.Easy,
}

export function ratingNumber(rating: StudyRating): number {
  return GRADES[rating]
}

export function ratingFromNumber(value: number): StudyRating | undefined {
  return STUDY_RATINGS[value - 1]
}

/** ts-fsrs State numbers: 0 new, 1 learning, 2 review, 3 relearning. */
export type CardStateNumber = 0 | 1 | 2 | 3
export const STATE_LABELS: Record<CardStateNumber, string> = {
  0: 'new',
  1: 'learning',
  2: 'review',
  3: 'relearning',
}

/** The memory state of one card, instants as epoch milliseconds (as stored). */
export interface CardState {
  due: number
  stability: number
  difficulty: number
  elapsedDays: number
  scheduledDays: number
  learningSteps: number
  reps: number
  lapses: number
  state: CardStateNumber
  lastReview: number | null
}

// No fuzz: the same history always gives the same schedule, so it can be recomputed from the log.
const scheduler = fsrs(generatorParameters({ enable_fuzz: false }))

const toCard = (s: CardState): Card => ({
  due: new Date(s.due),
  stability: s.stability,
  difficulty: s.difficulty,
  elapsed_days: s.elapsedDays,
  scheduled_days: s.scheduledDays,
  learning_steps: s.learningSteps,
  reps: s.reps,
  lapses: s.lapses,
  state: s.state as State,
  ...(s.lastReview === null ? {} : { last_review: new Date(s.lastReview) }),
})

const fromCard = (card: Card): CardState => ({
  due: card.due.getTime(),
  stability: card.stability,
  difficulty: card.difficulty,
  elapsedDays: card.elapsed_days,
  scheduledDays: card.scheduled_days,
  learningSteps: card.learning_steps,
  reps: card.reps,
  lapses: card.lapses,
  state: card.state as CardStateNumber,
  lastReview: card.last_review ? card.last_review.getTime() : null,
})

/** A card never reviewed: due at once. */
export function newCardState(now: number): CardState {
  return fromCard(createEmptyCard(new Date(now)))
}

export interface ReviewOutcome {
  next: CardState
  /** Whole days since the previous review (0 for the first), as ts-fsrs counts them. */
  elapsedDays: number
}

/** The card after one rating at `now`. */
export function reviewCard(state: CardState, rating: StudyRating, now: number): ReviewOutcome {
  const { card, log } = scheduler.next(toCard(state), new Date(now), GRADES[rating])
  return { next: fromCard(card), elapsedDays: log.elapsed_days }
}

/** When the card would next be due after each rating, for the labels on the buttons. */
export function previewDue(state: CardState, now: number): Record<StudyRating, number> {
  const preview = scheduler.repeat(toCard(state), new Date(now))
  return {
    again: preview[Rating.Again].card.due.getTime(),
    hard: preview[Rating.Hard].card.due.getTime(),
    good: preview[Rating.Good].card.due.getTime(),
    easy: preview[Rating.Easy].card.due.getTime(),
  }
}

/** Recomputes a card from its review log alone, oldest first (e.g. after changing the parameters). */
export function replayReviews(
  reviews: readonly { rating: StudyRating; reviewedAt: number }[],
  createdAt: number,
): CardState {
  let state = newCardState(createdAt)
  for (const review of reviews) state = reviewCard(state, review.rating, review.reviewedAt).next
  return state
}

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "in 10 min", "in 3 h", "in 4 d", "in 2 mo" — how far a due date is from now. */
export function intervalLabel(due: number, now: number): string {
  const ms = Math.max(0, due - now)
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} min`
  if (ms < DAY) return `${Math.round(ms / HOUR)} h`
  const days = Math.round(ms / DAY)
  if (days < 60) return `${days} d`
  if (days < 730) return `${Math.round(days / 30)} mo`
  return `${Math.round(days / 365)} y`
}

/** The instant the user's local day containing `now` ends: "due today" means due before it. */
export function endOfLocalDay(now: number, timeZone: string): number {
  return DateTime.fromMillis(now, { zone: timeZone }).endOf('day').toMillis() + 1
}

export function startOfLocalDay(now: number, timeZone: string): number {
  return DateTime.fromMillis(now, { zone: timeZone }).startOf('day').toMillis()
}
