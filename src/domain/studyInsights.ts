import { DateTime } from 'luxon'
import { type BarLayout, type ColumnLayout, columnLayout, dayLabel, stackedBarLayout } from './charts.js'
import { ratingFromNumber, type StudyRating } from './study.js'
import { plural } from './wording.js'

/** One logged review, as insights need it. */
export interface StudyInsightReview {
  cardId: number
  rating: number
  reviewedAt: number
  topics: readonly string[]
}

export const STUDY_DAYS_SHOWN = 14
/** Retention and lapses are measured over this many days, today included. */
export const STUDY_WINDOW_DAYS = 30
export const LAPSE_CHART_TOPICS = 10

export interface StudyInsights {
  perDay: { date: string; count: number }[]
  retention: { remembered: number; total: number; rate: number | null }
  /** Topics ranked by how often their cards were forgotten (rated Again), most first. */
  lapsingTopics: { topic: string; again: number; reviews: number; cards: number }[]
  ratings: Record<StudyRating, number>
}

export interface StudyCharts {
  perDay: ColumnLayout & { total: number; summary: string }
  lapses: BarLayout & { summary: string }
}

/** Where the review log starts to matter: the first day of the window in the user's zone. */
export function studyWindowStart(now: number, timeZone: string): number {
  return DateTime.fromMillis(now, { zone: timeZone })
    .startOf('day')
    .minus({ days: STUDY_WINDOW_DAYS - 1 })
    .toMillis()
}

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
  const byTopic = new Map<string, { topic: string; again: number; reviews: number; cards: Set<number> }>()

  for (const review of reviews) {
    const t = review.reviewedAt
    if (t < windowStart || t > now) continue
    const rating = ratingFromNumber(review.rating)
    if (!rating) continue
    ratings[rating]++
    const firstShown = bounds[0]!.toMillis()
    if (t >= firstShown) {
      let i = 0
      while (i < STUDY_DAYS_SHOWN - 1 && t >= bounds[i + 1]!.toMillis()) i++
      counts[i]!++
    }
    const seen = new Set<string>()
    for (const tag of review.topics) {
      const key = tag.toLowerCase()
      if (seen.has(key)) continue
      seen.add(key)
      let entry = byTopic.get(key)
      if (!entry) {
        entry = { topic: tag, again: 0, reviews: 0, cards: new Set() }
        byTopic.set(key, entry)
      } else if (tag < entry.topic) entry.topic = tag
      entry.reviews++
      entry.cards.add(review.cardId)
      if (rating === 'again') entry.again++
    }
  }

  const total = ratings.again + ratings.hard + ratings.good + ratings.easy
  const remembered = ratings.good + ratings.easy
  return {
    perDay: counts.map((count, i) => ({ date: bounds[i]!.toISODate()!, count })),
    retention: { remembered, total, rate: total === 0 ? null : remembered / total },
    lapsingTopics: [...byTopic.values()]
      .filter((t) => t.again > 0)
      .sort(
        (a, b) =>
          b.again - a.again || b.again / b.reviews - a.again / a.reviews || a.topic.localeCompare(b.topic),
      )
      .map((t) => ({ topic: t.topic, again: t.again, reviews: t.reviews, cards: t.cards.size })),
    ratings,
  }
}

const AGAIN_FILL = '#b3261e'
const RECALLED_FILL = '#1e7a3c'

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
        { key: 'again', label: 'Forgot', value: t.again, fill: AGAIN_FILL },
        { key: 'recalled', label: 'Recalled', value: t.reviews - t.again, fill: RECALLED_FILL },
      ],
    })),
    [
      { label: 'Forgot', fill: AGAIN_FILL },
      { label: 'Recalled', fill: RECALLED_FILL },
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
    lapses: {
      ...lapses,
      summary:
        topics.length === 0
          ? 'No forgotten cards with a topic.'
          : `Topics forgotten most: ${topics.map((t) => `${t.topic} (${t.again} of ${plural(t.reviews, 'review')})`).join(', ')}.`,
    },
  }
}
