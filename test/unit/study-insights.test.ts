import { describe, expect, it } from 'vitest'
import {
  computeStudyInsights,
  STUDY_DAYS_SHOWN,
  type StudyInsightReview,
  studyCharts,
  studyWindowStart,
} from '../../src/domain/studyInsights.js'

// Noon on Tuesday 10 March 2026 in New York, two days after the spring-forward change.
const now = Date.parse('2026-03-10T16:00:00Z')
const zone = 'America/New_York'
const at = (iso: string) => Date.parse(iso)

const review = (cardId: number, rating: number, when: string, topics: string[] = []): StudyInsightReview => ({
  cardId,
  rating,
  reviewedAt: at(when),
  topics,
})

describe('study insights', () => {
  const reviews = [
    // 23:30 on 7 March in New York (04:30 UTC on the 8th) belongs to the 7th.
    review(1, 1, '2026-03-08T04:30:00Z', ['SQL']),
    review(1, 3, '2026-03-08T06:00:00Z', ['SQL']),
    review(2, 1, '2026-03-09T15:00:00Z', ['sql', 'Networking']),
    review(3, 4, '2026-03-10T13:00:00Z', ['Networking']),
    review(3, 2, '2026-03-10T14:00:00Z', ['Networking']),
    review(4, 1, '2026-03-10T15:00:00Z', ['Kubernetes']),
    // Outside the 30-day window.
    review(5, 1, '2026-01-01T12:00:00Z', ['Old']),
  ]
  const insights = computeStudyInsights(reviews, now, zone)

  it('counts reviews per local day over the days shown, oldest first', () => {
    expect(insights.perDay).toHaveLength(STUDY_DAYS_SHOWN)
    expect(insights.perDay.at(-1)).toEqual({ date: '2026-03-10', count: 3 })
    const byDate = Object.fromEntries(insights.perDay.map((d) => [d.date, d.count]))
    expect(byDate['2026-03-07']).toBe(1)
    expect(byDate['2026-03-08']).toBe(1)
    expect(byDate['2026-03-09']).toBe(1)
    expect(insights.perDay.reduce((s, d) => s + d.count, 0)).toBe(6)
    expect(insights.perDay[0]!.date).toBe('2026-02-25')
  })

  it('measures retention as the share of Good and Easy ratings in the window', () => {
    expect(insights.ratings).toEqual({ again: 3, hard: 1, good: 1, easy: 1 })
    expect(insights.retention).toEqual({ remembered: 2, total: 6, rate: 2 / 6 })
    expect(computeStudyInsights([], now, zone).retention.rate).toBeNull()
  })

  it('ranks topics by how often their cards were forgotten, grouping tags ignoring case', () => {
    expect(insights.lapsingTopics).toEqual([
      { topic: 'SQL', again: 2, reviews: 3, cards: 2 },
      { topic: 'Kubernetes', again: 1, reviews: 1, cards: 1 },
      { topic: 'Networking', again: 1, reviews: 3, cards: 2 },
    ])
  })

  it('starts the window at a local midnight', () => {
    expect(studyWindowStart(now, zone)).toBe(at('2026-02-09T05:00:00Z'))
  })

  it('lays out a chart per series with summaries for screen readers', () => {
    const charts = studyCharts(insights)
    expect(charts.perDay.bars).toHaveLength(STUDY_DAYS_SHOWN)
    expect(charts.perDay.total).toBe(6)
    expect(charts.lapses.rows.map((r) => r.label)).toEqual(['SQL', 'Kubernetes', 'Networking'])
    expect(charts.lapses.rows[0]!.segments.map((s) => s.value)).toEqual([2, 1])
    expect(charts.lapses.summary).toContain('SQL (2 of 3 reviews)')
  })
})
