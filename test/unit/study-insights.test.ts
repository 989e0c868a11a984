import { createEmptyCard, fsrs, type Grade, generatorParameters, Rating, State } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import {
  computeStudyInsights,
  RETENTION_WEEKS,
  STUDY_DAYS_SHOWN,
  type StudyInsightReview,
  studyCharts,
  studyInsightsSince,
  studyWindowStart,
} from '../../src/domain/studyInsights.js'

// Noon on Tuesday 10 March 2026 in New York, two days after the spring-forward change.
const now = Date.parse('2026-03-10T16:00:00Z')
const zone = 'America/New_York'
const at = (iso: string) => Date.parse(iso)

const review = (
  cardId: number,
  rating: number,
  when: string,
  topics: string[] = [],
  stateBefore: State = State.New,
): StudyInsightReview => ({ cardId, rating, reviewedAt: at(when), stateBefore, topics })

describe('study insights', () => {
  const reviews = [
    // 23:30 on 7 March in New York (04:30 UTC on the 8th) belongs to the 7th.
    review(1, 1, '2026-03-08T04:30:00Z', ['SQL'], State.Review),
    review(1, 3, '2026-03-08T06:00:00Z', ['SQL'], State.Relearning),
    // Again on a new card repeats a learning step: not a lapse.
    review(2, 1, '2026-03-09T15:00:00Z', ['sql', 'Networking']),
    review(3, 4, '2026-03-10T13:00:00Z', ['Networking']),
    review(3, 2, '2026-03-10T14:00:00Z', ['Networking'], State.Review),
    review(4, 1, '2026-03-10T15:00:00Z', ['Kubernetes'], State.Review),
    // Outside the 30-day window and the weeks charted.
    review(5, 1, '2026-01-01T12:00:00Z', ['Old'], State.Review),
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

  it('ranks topics by lapses, then by lapses per review, grouping tags ignoring case', () => {
    expect(insights.lapsingTopics).toEqual([
      { topic: 'Kubernetes', lapses: 1, again: 1, reviews: 1, cards: 1 },
      { topic: 'SQL', lapses: 1, again: 2, reviews: 3, cards: 2 },
    ])
  })

  it('counts the lapses ts-fsrs counts on a card rated through it directly', () => {
    const scheduler = fsrs(generatorParameters({ enable_fuzz: false }))
    const grades: Grade[] = [
      Rating.Again,
      Rating.Good,
      Rating.Good,
      Rating.Again,
      Rating.Again,
      Rating.Good,
      Rating.Good,
      Rating.Hard,
      Rating.Again,
      Rating.Easy,
      Rating.Again,
    ]
    let card = createEmptyCard(new Date(at('2026-02-12T14:00:00Z')))
    const logged: StudyInsightReview[] = []
    for (const grade of grades) {
      // Each review happens when the card is due, as studying it would.
      const reviewedAt = card.due.getTime()
      const { card: next, log } = scheduler.next(card, new Date(reviewedAt), grade)
      logged.push({ cardId: 9, rating: log.rating, reviewedAt, stateBefore: log.state, topics: ['Caching'] })
      card = next
    }
    expect(logged.at(-1)!.reviewedAt).toBeLessThanOrEqual(now)
    expect(card.lapses).toBeGreaterThanOrEqual(2)
    const [caching] = computeStudyInsights(logged, now, zone).lapsingTopics
    expect(caching).toMatchObject({ topic: 'Caching', lapses: card.lapses, reviews: grades.length })
    // Again on the new and the relearning card is no lapse, so the two counts differ.
    expect(caching!.again).toBe(grades.filter((g) => g === Rating.Again).length)
    expect(caching!.again).toBeGreaterThan(card.lapses)
  })

  it('starts the window at a local midnight, and reads reviews from the first week charted', () => {
    expect(studyWindowStart(now, zone)).toBe(at('2026-02-09T05:00:00Z'))
    // Monday 19 January, seven weeks before the week of 9 March.
    expect(studyInsightsSince(now, zone)).toBe(at('2026-01-19T05:00:00Z'))
  })

  const weekly = computeStudyInsights(
    [
      review(6, 1, '2026-01-19T04:59:00Z'), // Sunday 18 January, 23:59: before the first week charted
      review(6, 3, '2026-01-19T05:00:00Z'), // Monday 19 January, 00:00
      review(6, 1, '2026-01-21T15:00:00Z'),
      review(7, 4, '2026-03-09T03:30:00Z'), // Sunday 8 March, 23:30 EDT
      // Monday 9 March, 00:30 EDT: this week, though under 7 × 24 h after the week of 2 March began.
      review(7, 2, '2026-03-09T04:30:00Z'),
    ],
    now,
    zone,
  )

  it('measures retention per local week, oldest first, with no rate for a week without reviews', () => {
    const weeks = weekly.retentionPerWeek
    expect(weeks).toHaveLength(RETENTION_WEEKS)
    expect(weeks.map((w) => w.weekStart)).toEqual([
      '2026-01-19',
      '2026-01-26',
      '2026-02-02',
      '2026-02-09',
      '2026-02-16',
      '2026-02-23',
      '2026-03-02',
      '2026-03-09',
    ])
    expect(weeks[0]).toEqual({ weekStart: '2026-01-19', remembered: 1, total: 2, rate: 0.5 })
    expect(weeks[1]).toEqual({ weekStart: '2026-01-26', remembered: 0, total: 0, rate: null })
    expect(weeks[6]).toEqual({ weekStart: '2026-03-02', remembered: 1, total: 1, rate: 1 })
    expect(weeks[7]).toEqual({ weekStart: '2026-03-09', remembered: 0, total: 1, rate: 0 })
    // The headline figure keeps to the 30-day window.
    expect(weekly.retention).toEqual({ remembered: 1, total: 2, rate: 0.5 })
  })

  it('lays out a chart per series with summaries for screen readers', () => {
    const charts = studyCharts(insights)
    expect(charts.perDay.bars).toHaveLength(STUDY_DAYS_SHOWN)
    expect(charts.perDay.total).toBe(6)
    expect(charts.lapses.rows.map((r) => r.label)).toEqual(['Kubernetes', 'SQL'])
    expect(charts.lapses.rows[1]!.segments.map((s) => [s.key, s.value])).toEqual([
      ['lapsed', 1],
      ['other', 2],
    ])
    expect(charts.lapses.summary).toContain('SQL (1 lapse in 3 reviews)')
  })

  it('charts retention per week on a 0–100 axis, printing no figure for a week without reviews', () => {
    const chart = studyCharts(weekly).retention
    expect(chart.bars).toHaveLength(RETENTION_WEEKS)
    expect(chart.ticks.map((t) => t.value)).toEqual([0, 25, 50, 75, 100])
    expect(chart.bars.map((b) => b.display)).toEqual(['50 %', '', '', '', '', '', '100 %', '0 %'])
    expect(chart.bars[0]!.title).toBe('Week of 19 Jan: 50 %, 1 of 2 reviews rated Good or Easy')
    expect(chart.bars[1]!.title).toBe('Week of 26 Jan: no reviews')
    expect(chart.rows[0]).toEqual({ label: '19 Jan', cells: ['50 %', 1, 2] })
    expect(chart.rows[1]).toEqual({ label: '26 Jan', cells: ['no reviews', 0, 0] })
    expect(chart.summary).toBe(
      'Retention per week, the share of reviews rated Good or Easy: week of 19 Jan 50 %, week of 2 Mar 100 %, week of 9 Mar 0 %; no reviews in the other 5 weeks.',
    )
    expect(studyCharts(computeStudyInsights([], now, zone)).retention.summary).toBe(
      'No reviews in the last 8 weeks.',
    )
  })
})
