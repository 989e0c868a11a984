import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { followUpDeadline, instantToLocal, localToInstant } from '../../src/domain/interview.js'
import { resolveInterviewTimes } from '../../src/domain/interviewInput.js'
import { formatDeadline } from '../../src/scheduler/content.js'
import {
  instantsNear,
  TRANSITIONS_2026,
  TRICKY_ZONES,
  wallAsUtc,
  wallClock,
  wallText,
} from '../helpers/intlClock.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const at = (iso: string) => Date.parse(iso)

/**
 * Interviews ending the day before a clock change (and a few inside one), with the deadline
 * worked out by hand from the published transition times and written with its offset.
 */
const TABLE: { zone: string; end: string; deadline: string; why: string }[] = [
  {
    zone: 'America/New_York',
    end: '2026-03-07T08:00',
    deadline: '2026-03-08T09:00-04:00',
    why: 'spring forward',
  },
  { zone: 'America/New_York', end: '2026-10-31T10:00', deadline: '2026-11-01T09:00-05:00', why: 'fall back' },
  // 02:30 the next day does not exist: 24 elapsed hours later it is 03:30 EDT.
  {
    zone: 'America/New_York',
    end: '2026-03-07T02:30',
    deadline: '2026-03-08T03:30-04:00',
    why: 'lands in the gap',
  },
  // 01:30 on 1 Nov is the earlier (EDT) instant; 24 h later is 00:30 EST on 2 Nov.
  {
    zone: 'America/New_York',
    end: '2026-11-01T01:30',
    deadline: '2026-11-02T00:30-05:00',
    why: 'ends in the repeated hour',
  },
  { zone: 'Europe/London', end: '2026-03-28T12:00', deadline: '2026-03-29T13:00+01:00', why: 'GMT to BST' },
  { zone: 'Europe/London', end: '2026-10-24T12:00', deadline: '2026-10-25T11:00+00:00', why: 'BST to GMT' },
  // Lord Howe moves its clocks by half an hour.
  {
    zone: 'Australia/Lord_Howe',
    end: '2026-04-04T12:00',
    deadline: '2026-04-05T11:30+10:30',
    why: 'half-hour back',
  },
  {
    zone: 'Australia/Lord_Howe',
    end: '2026-10-03T12:00',
    deadline: '2026-10-04T12:30+11:00',
    why: 'half-hour forward',
  },
  {
    zone: 'Australia/Lord_Howe',
    end: '2026-04-05T01:45',
    deadline: '2026-04-06T01:15+10:30',
    why: 'ends in the repeated half hour',
  },
  { zone: 'Asia/Kolkata', end: '2026-03-07T08:00', deadline: '2026-03-08T08:00+05:30', why: 'no DST' },
  {
    zone: 'America/St_Johns',
    end: '2026-03-07T08:00',
    deadline: '2026-03-08T09:00-02:30',
    why: 'NST to NDT',
  },
  {
    zone: 'America/St_Johns',
    end: '2026-10-31T10:00',
    deadline: '2026-11-01T09:00-03:30',
    why: 'NDT to NST',
  },
]

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

describe('the follow-up deadline against hand-computed instants around clock changes', () => {
  it.each(TABLE)('$zone, $why: ends $end, deadline $deadline', ({ zone, end, deadline }) => {
    // Entered the way a user enters it: a local start and a duration.
    const start = localToInstant(end, zone)
    expect(start.ok).toBe(true)
    const entered = resolveInterviewTimes({
      startsAt: instantToLocal((start.ok ? start.value : 0) - 45 * MINUTE, zone),
      durationMinutes: 45,
      timeZone: zone,
    })
    expect(entered.ok).toBe(true)
    if (!entered.ok) return
    const expected = at(deadline)
    expect(followUpDeadline(entered.value.endsAt)).toBe(expected)
    // Shown in the zone with the offset that applies at the deadline, not at the end.
    const [date, time] = deadline.slice(0, 16).split('T') as [string, string]
    const [, month, day] = date.split('-').map(Number) as [number, number, number]
    const offset = deadline.slice(16)
    expect(instantToLocal(expected, zone)).toBe(deadline.slice(0, 16))
    expect(formatDeadline(expected, zone)).toMatch(
      new RegExp(`^\\w{3} ${day} ${MONTHS[month - 1]} 2026, ${time} ${zone} \\(UTC\\${offset}\\)$`),
    )
  })
})

const ZONES = TRICKY_ZONES
// Ends near the transitions are where a wrong deadline shows.
const endArb = instantsNear(
  TRANSITIONS_2026,
  { from: '2024-01-01T00:00:00Z', to: '2030-01-01T00:00:00Z' },
  { before: 30 * 60, after: 6 * 60 },
)

describe('the follow-up deadline, read through Intl in the interview zone', () => {
  it('moves the wall clock by 24 h plus exactly the change of UTC offset in between', () => {
    fc.assert(
      fc.property(
        endArb,
        fc.constantFrom(...ZONES),
        fc.integer({ min: 15, max: 240 }),
        (end, zone, minutes) => {
          // Entered as a local start and a duration, the way the form submits it.
          const entered = resolveInterviewTimes({
            startsAt: wallText(wallClock(end - minutes * MINUTE, zone)),
            durationMinutes: minutes,
            timeZone: zone,
          })
          expect(entered.ok).toBe(true)
          if (!entered.ok) return
          const endsAt = entered.value.endsAt
          const deadline = followUpDeadline(endsAt)
          const e = wallClock(endsAt, zone)
          const d = wallClock(deadline, zone)
          expect(wallAsUtc(d) - wallAsUtc(e)).toBe(24 * HOUR + (d.offset - e.offset) * MINUTE)
          // Without a change in between it is the same time on the next calendar day.
          if (d.offset === e.offset)
            expect(wallAsUtc(d)).toBe(Date.UTC(e.year, e.month - 1, e.day + 1, e.hour, e.minute))
          // What the pages show is the same wall clock Intl reads.
          expect(instantToLocal(deadline, zone)).toBe(wallText(d))
        },
      ),
      { numRuns: 400 },
    )
  })
})
