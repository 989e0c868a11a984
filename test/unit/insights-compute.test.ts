import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  computeInsights,
  durationLabel,
  followUpRate,
  type InsightInterview,
  interviewsPerWeek,
  median,
  percentLabel,
  studyList,
} from '../../src/domain/insights.js'
import { fixtureRows } from '../helpers/insightFixtures.js'

const NOW = Date.parse('2026-03-02T15:00:00Z')
const HOUR = 3_600_000

describe('insights on a fixture of known interviews', () => {
  const insights = computeInsights({ ...fixtureRows(), now: NOW, timeZone: 'UTC' })

  it('counts done and overdue follow-ups, leaving out not-needed and still-running ones', () => {
    // Acme on time, Vandelay on time, Globex done late, Initech open past its deadline;
    // Umbrella is inside its 24 hours and Hooli needed no follow-up.
    expect(insights.followUp).toEqual({ onTime: 2, late: 2, counted: 4, rate: 0.5 })
  })

  it('takes the median delay to each note per interviewer', () => {
    // Thank-yous 2 h, 4 h, 46.5 h and 1 h after the end → median of 2 h and 4 h.
    expect(insights.thankYou).toEqual({ medianMs: 3 * HOUR, count: 4 })
    expect(insights.answers).toEqual({ medianMs: 18 * HOUR, count: 1 })
  })

  it('counts interviews per week over the last 12 weeks, oldest first', () => {
    expect(insights.weekly).toHaveLength(12)
    expect(insights.weekly[0]).toEqual({ weekStart: '2025-12-15', count: 0 })
    expect(insights.weekly.at(-1)).toEqual({ weekStart: '2026-03-02', count: 1 })
    expect(insights.weekly.map((w) => w.count)).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 1])
  })

  it('ranks study topics: missed weighs twice, ties by open questions, tags merged ignoring case', () => {
    expect(insights.studyList).toEqual([
      { topic: 'System design', missed: 2, shaky: 0, researched: 1 },
      { topic: 'Indexes', missed: 1, shaky: 1, researched: 0 },
      { topic: 'SQL', missed: 1, shaky: 1, researched: 1 },
      { topic: 'Caching', missed: 1, shaky: 0, researched: 1 },
      { topic: 'Behavioural', missed: 0, shaky: 1, researched: 0 },
    ])
    expect(insights.untaggedWeak).toBe(1)
  })

  it('tabulates outcomes by kind, in the usual order of kinds', () => {
    expect(insights.outcomesByKind.map((r) => [r.kind, r.total, r.counts])).toEqual([
      ['phone_screen', 1, { pending: 0, offer: 0, rejected: 1, withdrawn: 0, no_answer: 0 }],
      ['technical', 3, { pending: 1, offer: 1, rejected: 1, withdrawn: 0, no_answer: 0 }],
      ['onsite', 1, { pending: 1, offer: 0, rejected: 0, withdrawn: 0, no_answer: 0 }],
      ['hr_culture', 1, { pending: 0, offer: 0, rejected: 0, withdrawn: 1, no_answer: 0 }],
    ])
    expect(insights.interviewCount).toBe(6)
    expect(insights.questionCount).toBe(8)
  })
})

describe('insight building blocks', () => {
  it('has no rate, median or topics without data', () => {
    const empty = computeInsights({
      interviews: [],
      interviewers: [],
      questions: [],
      now: NOW,
      timeZone: 'UTC',
    })
    expect(empty.followUp.rate).toBeNull()
    expect(empty.thankYou).toEqual({ medianMs: null, count: 0 })
    expect(empty.weekly.every((w) => w.count === 0)).toBe(true)
    expect(empty.studyList).toEqual([])
    expect(empty.outcomesByKind).toEqual([])
  })

  it('computes medians of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })

  it('counts a follow-up done exactly at the deadline as on time and a done one without a time not at all', () => {
    const base: InsightInterview = {
      id: 1,
      kind: 'technical',
      startsAt: NOW - 30 * HOUR,
      endsAt: NOW - 29 * HOUR,
      outcome: 'pending',
      followUpState: 'done',
      followUpDoneAt: NOW - 5 * HOUR,
    }
    expect(followUpRate([base], NOW).onTime).toBe(1)
    expect(followUpRate([{ ...base, followUpDoneAt: NOW - 4 * HOUR }], NOW).late).toBe(1)
    expect(followUpRate([{ ...base, followUpDoneAt: null }], NOW).counted).toBe(0)
  })

  it('starts weeks on Monday in the user’s zone and keeps DST weeks whole', () => {
    // Sunday 23:30 in New York is already Monday in UTC: the interview belongs to the earlier week there.
    const sundayNight = Date.parse('2026-03-09T03:30:00Z')
    const row = { ...fixtureRows().interviews[0]!, startsAt: sundayNight }
    const now = Date.parse('2026-03-10T12:00:00Z')
    const ny = interviewsPerWeek([row], now, 'America/New_York', 2)
    expect(ny).toEqual([
      { weekStart: '2026-03-02', count: 1 },
      { weekStart: '2026-03-09', count: 0 },
    ])
    const utc = interviewsPerWeek([row], now, 'UTC', 2)
    expect(utc.map((w) => w.count)).toEqual([0, 1])
  })

  it('counts only interviews already held: one later this week waits until it starts', () => {
    const now = Date.parse('2026-03-10T12:00:00Z') // a Tuesday
    const interview = fixtureRows().interviews[0]!
    const held = { ...interview, id: 1, startsAt: now - 3_600_000 }
    const coming = { ...interview, id: 2, startsAt: now + 2 * 86_400_000 }
    expect(interviewsPerWeek([held, coming], now, 'UTC', 1)).toEqual([{ weekStart: '2026-03-09', count: 1 }])
    expect(interviewsPerWeek([held, coming], coming.startsAt, 'UTC', 1)).toEqual([
      { weekStart: '2026-03-09', count: 2 },
    ])
  })

  it('puts every interview of the window in exactly one week', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 12 * 7 * 24 * 60 - 1 }), { maxLength: 40 }),
        fc.constantFrom('UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Australia/Lord_Howe'),
        (minutesAgo, zone) => {
          const weeks = interviewsPerWeek([], NOW, zone)
          const windowStart = DateTime.fromISO(weeks[0]!.weekStart, { zone }).toMillis()
          const rows = minutesAgo.map((m, id) => ({
            ...fixtureRows().interviews[0]!,
            id,
            startsAt: NOW - m * 60_000,
          }))
          const counted = interviewsPerWeek(rows, NOW, zone).reduce((s, w) => s + w.count, 0)
          return counted === rows.filter((r) => r.startsAt >= windowStart).length
        },
      ),
      { numRuns: 200 },
    )
  })

  it('ignores nailed questions and counts each tag once per question', () => {
    const { topics, untagged } = studyList([
      { confidence: 'nailed', topics: ['Go'], researched: false },
      { confidence: 'missed', topics: ['Go', 'go', 'GO'], researched: false },
      { confidence: 'shaky', topics: [], researched: false },
    ])
    expect(topics).toEqual([{ topic: 'GO', missed: 1, shaky: 0, researched: 0 }])
    expect(untagged).toBe(1)
  })

  it('labels durations and rates for people', () => {
    expect(durationLabel(45 * 60_000)).toBe('45 min')
    expect(durationLabel(3 * HOUR)).toBe('3 h')
    expect(durationLabel(5 * HOUR + 12 * 60_000)).toBe('5 h 12 min')
    expect(durationLabel(51 * HOUR)).toBe('2 d 3 h')
    expect(percentLabel(5 / 6)).toBe('83 %')
  })
})
