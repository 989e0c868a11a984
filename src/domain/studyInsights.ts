import { DateTime } from 'luxon'
import { Rating, State } from 'ts-fsrs'
import { type BarLayout, type ColumnLayout, columnLayout, dayLabel, stackedBarLayout } from './charts.js'
import { percentLabel } from './insights.js'
import { ratingFromNumber, type StudyRating } from './study.js'
import { plural } from './wording.js'

/** One logged review, as insights need it. */
export interface StudyInsightReview {
  cardId: number
  rating: number
  reviewedAt: number
  /** The card's ts-fsrs state (0–3) before this review, as the review log records it. */
  stateBefore: number
  topics: readonly string[]
}

export const STUDY_DAYS_SHOWN = 14
/** Retention and lapses are measured over this many days, today included. */
export const STUDY_WINDOW_DAYS = 30
/** Weeks of retention in its chart, this week included. */
export const RETENTION_WEEKS = 8
export const LAPSE_CHART_TOPICS = 10

export interface Retention {
  remembered: number
  total: number
  rate: number | null
}

export interface StudyInsights {
  perDay: { date: string; count: number }[]
  retention: Retention
  /** Retention per local week (from Monday), oldest first; `rate` is null for a week without reviews. */
  retentionPerWeek: ({ weekStart: string } & Retention)[]
  /**
   * Topics ranked by lapses, most first. `again` counts every Again rating, lapse or not, as the
   * API has always reported it.
   */
  lapsingTopics: { topic: string; lapses: number; again: number; reviews: number; cards: number }[]
  ratings: Record<StudyRating, number>
}

export interface StudyCharts {
  perDay: ColumnLayout & { total: number; summary: string }
  /** With the rows of its table: week, retention, Good or Easy, reviews. */
  retention: ColumnLayout & { summary: string; rows: { label: string; cells: (string | number)[] }[] }
  lapses: BarLayout & { summary: string }
}

/**
 * A lapse as ts-fsrs counts `lapses`: Again on a card in the Review state. Again on a new or
 * (re)learning card only repeats a step; the card was never learned, so nothing was forgotten.
 */
export function isLapse(review: { rating: number; stateBefore: number }): boolean {
  return review.rating === Rating.Again && review.stateBefore === State.Review
}

/** The first instant of the retention and lapse window: a local midnight in the user's zone. */
export function studyWindowStart(now: number, timeZone: string): number {
  return DateTime.fromMillis(now, { zone: timeZone })
    .startOf('day')
    .minus({ days: STUDY_WINDOW_DAYS - 1 })
    .toMillis()
}

const retentionWeekStarts = (now: number, timeZone: string) => {
  const thisWeek = DateTime.fromMillis(now, { zone: timeZone }).startOf('week')
  return Array.from({ length: RETENTION_WEEKS + 1 }, (_, i) =>
    thisWeek.minus({ weeks: RETENTION_WEEKS - 1 - i }),
  )
}

/** The earliest review any study insight reads: the window's start or the first week charted. */
export function studyInsightsSince(now: number, timeZone: string): number {
  return Math.min(studyWindowStart(now, timeZone), retentionWeekStarts(now, timeZone)[0]!.toMillis())
}

const retentionOf = (remembered: number, total: number): Retention => ({
  remembered,
  total,
  rate: total === 0 ? null : remembered / total,
})

export function computeStudyInsights(
  reviews: readonly StudyInsightReview[],
  now: number,
  timeZone: string,
): StudyInsights {
  const today = DateTime.fromMillis(now, { zone: timeZone }).startOf('day')
  // Days differ in length across DST changes, so each bound is its own local midnight.
  const bounds = Array.from({ length: STUDY_DAYS_SHOWN + 1 }, (_, i) =>
    today.minus({ days: STUDY_DAYS_SHOWN - 1 - i }),
  )
  const counts = new Array<number>(STUDY_DAYS_SHOWN).fill(0)
  const windowStart = studyWindowStart(now, timeZone)
  const ratings: Record<StudyRating, number> = { again: 0, hard: 0, good: 0, easy: 0 }
  const byTopic = new Map<
    string,
    { topic: string; lapses: number; again: number; reviews: number; cards: Set<number> }
  >()
  // Weeks differ in length across DST changes, so each bound is its own local Monday midnight.
  const weekBounds = retentionWeekStarts(now, timeZone).map((start) => start.toMillis())
  const weekly = Array.from({ length: RETENTION_WEEKS }, () => ({ remembered: 0, total: 0 }))

  for (const review of reviews) {
    const t = review.reviewedAt
    const rating = ratingFromNumber(review.rating)
    if (!rating || t > now) continue
    if (t >= weekBounds[0]!) {
      let w = 0
      while (w < RETENTION_WEEKS - 1 && t >= weekBounds[w + 1]!) w++
      weekly[w]!.total++
      if (rating === 'good' || rating === 'easy') weekly[w]!.remembered++
    }
    if (t < windowStart) continue
    ratings[rating]++
    const firstShown = bounds[0]!.toMillis()
    if (t >= firstShown) {
      let i = 0
      while (i < STUDY_DAYS_SHOWN - 1 && t >= bounds[i + 1]!.toMillis()) i++
      counts[i]!++
    }
    const lapse = isLapse(review)
    const seen = new Set<string>()
    for (const tag of review.topics) {
      const key = tag.toLowerCase()
      if (seen.has(key)) continue
      seen.add(key)
      let entry = byTopic.get(key)
      if (!entry) {
        entry = { topic: tag, lapses: 0, again: 0, reviews: 0, cards: new Set() }
        byTopic.set(key, entry)
      } else if (tag < entry.topic) entry.topic = tag
      entry.reviews++
      entry.cards.add(review.cardId)
      if (rating === 'again') entry.again++
      if (lapse) entry.lapses++
    }
  }

  const total = ratings.again + ratings.hard + ratings.good + ratings.easy
  const remembered = ratings.good + ratings.easy
  return {
    perDay: counts.map((count, i) => ({ date: bounds[i]!.toISODate()!, count })),
    retention: retentionOf(remembered, total),
    retentionPerWeek: weekly.map((w, i) => ({
      weekStart: DateTime.fromMillis(weekBounds[i]!, { zone: timeZone }).toISODate()!,
      ...retentionOf(w.remembered, w.total),
    })),
    lapsingTopics: [...byTopic.values()]
      .filter((t) => t.lapses > 0)
      .sort(
        (a, b) =>
          b.lapses - a.lapses ||
          b.lapses / b.reviews - a.lapses / a.reviews ||
          a.topic.localeCompare(b.topic),
      )
      .map((t) => ({
        topic: t.topic,
        lapses: t.lapses,
        again: t.again,
        reviews: t.reviews,
        cards: t.cards.size,
      })),
    ratings,
  }
}

const LAPSE_FILL = '#b3261e'
const OTHER_FILL = '#7b8794'

/** What a week's retention reads as, in its bar, its table row and its title. */
function retentionLabel(week: Retention): string {
  return week.rate === null ? 'no reviews' : percentLabel(week.rate)
}

function retentionChart(weeks: StudyInsights['retentionPerWeek']): StudyCharts['retention'] {
  const layout = columnLayout(
    weeks.map((w) => ({
      label: dayLabel(w.weekStart),
      value: w.rate === null ? 0 : Math.round(w.rate * 100),
      // A week without reviews has no bar and no figure, so it never reads as 0 %.
      display: w.rate === null ? '' : retentionLabel(w),
      title:
        w.rate === null
          ? `Week of ${dayLabel(w.weekStart)}: no reviews`
          : `Week of ${dayLabel(w.weekStart)}: ${retentionLabel(w)}, ${w.remembered} of ${plural(w.total, 'review')} rated Good or Easy`,
    })),
    { labelEvery: 2, scale: { max: 100, step: 25 } },
  )
  const reviewed = weeks.filter((w) => w.rate !== null)
  const quiet = weeks.length - reviewed.length
  return {
    ...layout,
    rows: weeks.map((w) => ({
      label: dayLabel(w.weekStart),
      cells: [retentionLabel(w), w.remembered, w.total],
    })),
    summary:
      reviewed.length === 0
        ? `No reviews in the last ${weeks.length} weeks.`
        : `Retention per week, the share of reviews rated Good or Easy: ${reviewed
            .map((w) => `week of ${dayLabel(w.weekStart)} ${retentionLabel(w)}`)
            .join(', ')}${quiet === 0 ? '' : `; no reviews in the other ${plural(quiet, 'week')}`}.`,
  }
}

export function studyCharts(insights: StudyInsights): StudyCharts {
  const perDay = columnLayout(
    insights.perDay.map((d) => ({
      label: dayLabel(d.date),
      value: d.count,
      title: `${dayLabel(d.date)}: ${plural(d.count, 'review')}`,
    })),
    { labelEvery: 7 },
  )
  const total = insights.perDay.reduce((sum, d) => sum + d.count, 0)
  const topics = insights.lapsingTopics.slice(0, LAPSE_CHART_TOPICS)
  const lapses = stackedBarLayout(
    topics.map((t) => ({
      label: t.topic,
      href: `/study?topic=${encodeURIComponent(t.topic)}`,
      segments: [
        { key: 'lapsed', label: 'Lapsed', value: t.lapses, fill: LAPSE_FILL },
        { key: 'other', label: 'Other reviews', value: t.reviews - t.lapses, fill: OTHER_FILL },
      ],
    })),
    [
      { label: 'Lapsed', fill: LAPSE_FILL },
      { label: 'Other reviews', fill: OTHER_FILL },
    ],
  )
  return {
    perDay: {
      ...perDay,
      total,
      summary:
        total === 0
          ? `No reviews in the last ${insights.perDay.length} days.`
          : `${plural(total, 'review')} in the last ${insights.perDay.length} days.`,
    },
    retention: retentionChart(insights.retentionPerWeek),
    lapses: {
      ...lapses,
      summary:
        topics.length === 0
          ? 'No lapsed cards with a topic.'
          : `Topics whose cards lapse most: ${topics.map((t) => `${t.topic} (${plural(t.lapses, 'lapse')} in ${plural(t.reviews, 'review')})`).join(', ')}.`,
    },
  }
}
