import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { createEmptyCard, fsrs, generatorParameters, Rating } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import {
  endOfLocalDay,
  intervalLabel,
  newCardState,
  previewDue,
  ratingFromNumber,
  ratingNumber,
  replayReviews,
  reviewCard,
  STUDY_RATINGS,
  startOfLocalDay,
} from '../../src/domain/study.js'

const run = promisify(execFile)
const DAY = 86_400_000
const start = Date.parse('2026-03-02T15:00:00Z')

describe('scheduling through ts-fsrs', () => {
  it('makes a card rated Good three times due later after each review', () => {
    let now = start
    let state = newCardState(now)
    const intervals: number[] = []
    for (let i = 0; i < 3; i++) {
      state = reviewCard(state, 'good', now).next
      intervals.push(state.due - now)
      now = state.due
    }
    expect(intervals[1]).toBeGreaterThan(intervals[0] as number)
    expect(intervals[2]).toBeGreaterThan(intervals[1] as number)
    expect(state.reps).toBe(3)
    expect(state.lastReview).toBe(now - (intervals[2] as number))
  })

  it('makes a card rated Again due within the day, for a new card and for one it had learned', () => {
    const first = reviewCard(newCardState(start), 'again', start).next
    expect(first.due - start).toBeGreaterThan(0)
    expect(first.due - start).toBeLessThan(DAY)

    let now = start
    let state = newCardState(now)
    for (let i = 0; i < 4; i++) {
      state = reviewCard(state, 'good', now).next
      now = state.due
    }
    expect(state.due - (state.lastReview as number)).toBeGreaterThan(DAY)
    const lapsed = reviewCard(state, 'again', now).next
    expect(lapsed.due - now).toBeLessThan(DAY)
    expect(lapsed.lapses).toBe(1)
  })

  it('matches ts-fsrs used directly, with the same parameters', () => {
    const f = fsrs(generatorParameters({ enable_fuzz: false }))
    let card = createEmptyCard(new Date(start))
    let state = newCardState(start)
    let now = start
    for (const rating of ['good', 'hard', 'again', 'easy', 'good'] as const) {
      card = f.next(card, new Date(now), ratingNumber(rating) as Rating.Good).card
      state = reviewCard(state, rating, now).next
      expect(state.due).toBe(card.due.getTime())
      expect(state.stability).toBe(card.stability)
      expect(state.difficulty).toBe(card.difficulty)
      expect(state.state).toBe(card.state)
      now += 3 * DAY
    }
  })

  it('previews a later due date for each better rating', () => {
    const preview = previewDue(newCardState(start), start)
    expect(preview.again).toBeLessThanOrEqual(preview.hard)
    expect(preview.hard).toBeLessThan(preview.good)
    expect(preview.good).toBeLessThan(preview.easy)
    expect(preview.good).toBe(reviewCard(newCardState(start), 'good', start).next.due)
  })

  it('recomputes the same state from the review log', () => {
    const log = [
      { rating: 'good' as const, reviewedAt: start },
      { rating: 'again' as const, reviewedAt: start + 2 * DAY },
      { rating: 'good' as const, reviewedAt: start + 2 * DAY + 600_000 },
    ]
    let state = newCardState(start)
    for (const r of log) state = reviewCard(state, r.rating, r.reviewedAt).next
    expect(replayReviews(log, start)).toEqual(state)
  })

  it('maps ratings to ts-fsrs numbers and back', () => {
    expect(STUDY_RATINGS.map(ratingNumber)).toEqual([Rating.Again, Rating.Hard, Rating.Good, Rating.Easy])
    expect([1, 2, 3, 4].map(ratingFromNumber)).toEqual([...STUDY_RATINGS])
    expect(ratingFromNumber(0)).toBeUndefined()
  })

  it('labels intervals', () => {
    expect(intervalLabel(start + 60_000, start)).toBe('1 min')
    expect(intervalLabel(start + 10 * 60_000, start)).toBe('10 min')
    expect(intervalLabel(start + 5 * 3_600_000, start)).toBe('5 h')
    expect(intervalLabel(start + 4 * DAY, start)).toBe('4 d')
    expect(intervalLabel(start + 90 * DAY, start)).toBe('3 mo')
  })

  it('bounds the local day in the user zone, not the process zone', () => {
    // 23:30 on 1 March in Kolkata is 18:00 UTC.
    const now = Date.parse('2026-03-01T18:00:00Z')
    expect(startOfLocalDay(now, 'Asia/Kolkata')).toBe(Date.parse('2026-02-28T18:30:00Z'))
    expect(endOfLocalDay(now, 'Asia/Kolkata')).toBe(Date.parse('2026-03-01T18:30:00Z'))
    expect(endOfLocalDay(now, 'America/New_York')).toBe(Date.parse('2026-03-02T05:00:00Z'))
  })
})

describe('due dates do not depend on the process time zone', () => {
  it('schedules the same due dates under TZ=UTC and TZ=Asia/Kolkata', async () => {
    const under = async (tz: string) => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/studyUnderTz.ts'], {
        env: { ...process.env, TZ: tz },
        timeout: 15_000,
      })
      return JSON.parse(stdout) as { offset: number; dues: number[][] }
    }
    const [utc, kolkata] = await Promise.all([under('UTC'), under('Asia/Kolkata')])
    expect(utc.offset).toBe(0)
    expect(kolkata.offset).toBe(-330)
    expect(utc.dues.flat().length).toBe(13)
    expect(kolkata.dues).toEqual(utc.dues)
  })
})
