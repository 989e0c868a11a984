import { describe, expect, it } from 'vitest'
import { dateTime } from '../../src/domain/format.js'
import {
  followUpDeadline,
  instantToLocal,
  interviewStatus,
  localToInstant,
  parseDateTimeInput,
} from '../../src/domain/interview.js'
import {
  dayRange,
  type InterviewData,
  mergeInterviewPatch,
  resolveInterviewTimes,
  startOfDay,
} from '../../src/domain/interviewInput.js'
import { isValidTimeZone } from '../../src/domain/timeZones.js'

const H = 3600_000
const utc = (iso: string) => Date.parse(iso)
/** What reading a date-time input that names this instant gives. */
const readAs = (iso: string) => ({ ok: true, value: utc(iso) })

describe('followUpDeadline', () => {
  it('is exactly 24 elapsed hours after the end', () => {
    expect(followUpDeadline(utc('2026-03-02T15:00:00Z'))).toBe(utc('2026-03-03T15:00:00Z'))
  })

  it('counts elapsed time across the New York spring-forward (wall clock shows 25 h later)', () => {
    // Ends Sat 7 Mar 10:00 EST; 24 real hours later it is Sun 8 Mar 11:00 EDT.
    const end = localToInstant('2026-03-07T10:00', 'America/New_York')
    expect(end).toEqual(readAs('2026-03-07T15:00:00Z'))
    const deadline = followUpDeadline(utc('2026-03-07T15:00:00Z'))
    expect(deadline - utc('2026-03-07T15:00:00Z')).toBe(24 * H)
    expect(dateTime(deadline, 'America/New_York')).toBe('Sun 8 Mar 2026, 11:00 (EDT)')
  })

  it('counts elapsed time across the New York fall-back (wall clock shows 23 h later)', () => {
    const end = utc('2026-10-31T14:00:00Z') // Sat 31 Oct 10:00 EDT
    expect(dateTime(followUpDeadline(end), 'America/New_York')).toBe('Sun 1 Nov 2026, 09:00 (EST)')
  })

  it('is shown in Asia/Kolkata with its half-hour offset', () => {
    const end = localToInstant('2026-03-02T14:30', 'Asia/Kolkata')
    expect(end).toEqual(readAs('2026-03-02T09:00:00Z'))
    expect(dateTime(followUpDeadline(utc('2026-03-02T09:00:00Z')), 'Asia/Kolkata')).toBe(
      'Tue 3 Mar 2026, 14:30 (GMT+5:30)',
    )
  })
})

describe('interviewStatus', () => {
  const end = utc('2026-03-02T15:00:00Z')
  const base = { endsAt: end, outcome: 'pending' as const, followUpState: 'open' as const }

  it('is scheduled until the end, then awaiting follow-up', () => {
    expect(interviewStatus(base, end - 1)).toBe('scheduled')
    expect(interviewStatus(base, end)).toBe('awaiting_follow_up')
    expect(interviewStatus(base, end + 48 * H)).toBe('awaiting_follow_up')
  })

  it('is followed up once done or not needed', () => {
    expect(interviewStatus({ ...base, followUpState: 'done' }, end + 1)).toBe('followed_up')
    expect(interviewStatus({ ...base, followUpState: 'not_needed' }, end + 1)).toBe('followed_up')
  })

  it('is closed by an offer, rejection or withdrawal, but not by "no answer"', () => {
    for (const outcome of ['offer', 'rejected', 'withdrawn'] as const)
      expect(interviewStatus({ ...base, outcome }, end - H)).toBe('closed')
    expect(interviewStatus({ ...base, outcome: 'no_answer' }, end + H)).toBe('awaiting_follow_up')
  })
})

describe('localToInstant and the DST policy', () => {
  const ny = 'America/New_York'

  it('rejects a time in the spring-forward gap (2026-03-08 02:00–02:59 does not exist)', () => {
    expect(localToInstant('2026-03-08T02:30', ny)).toEqual({ ok: false, reason: 'nonexistent' })
    expect(localToInstant('2026-03-08T02:00', ny)).toEqual({ ok: false, reason: 'nonexistent' })
    expect(localToInstant('2026-03-08T01:59', ny)).toEqual(readAs('2026-03-08T06:59:00Z'))
    expect(localToInstant('2026-03-08T03:00', ny)).toEqual(readAs('2026-03-08T07:00:00Z'))
  })

  it('takes the earlier instant for a time that happens twice (2026-11-01 01:30)', () => {
    expect(localToInstant('2026-11-01T01:30', ny)).toEqual(readAs('2026-11-01T05:30:00Z'))
    expect(localToInstant('2026-11-01T02:00', ny)).toEqual(readAs('2026-11-01T07:00:00Z'))
  })

  it('reads UTC and Asia/Kolkata (no DST) directly', () => {
    expect(localToInstant('2026-03-08T02:30', 'UTC')).toEqual(readAs('2026-03-08T02:30:00Z'))
    expect(localToInstant('2026-03-08T02:30', 'Asia/Kolkata')).toEqual(readAs('2026-03-07T21:00:00Z'))
  })

  it('rejects impossible dates and unknown zones', () => {
    expect(localToInstant('2026-02-30T10:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' })
    expect(localToInstant('2026-03-02T24:00', 'UTC')).toEqual({ ok: false, reason: 'invalid' })
    expect(localToInstant('yesterday', 'UTC')).toEqual({ ok: false, reason: 'invalid' })
    expect(localToInstant('2026-03-02T10:00', 'Mars/Olympus')).toEqual({ ok: false, reason: 'invalid' })
  })

  // Valid zones are remembered after the first check; asking twice must answer the same.
  it('tells zones the runtime knows from others, the same way every time it is asked', () => {
    for (let round = 0; round < 2; round++) {
      expect(['Europe/Berlin', 'UTC', 'America/Argentina/Buenos_Aires'].map(isValidTimeZone)).toEqual([
        true,
        true,
        true,
      ])
      expect(['Mars/Olympus', 'europe/berlin', 'Europe/Berlin ', ''].map(isValidTimeZone)).toEqual([
        false,
        false,
        false,
        false,
      ])
    }
  })

  it('round-trips through the datetime-local value', () => {
    const instant = utc('2026-11-01T06:30:00Z') // the second 01:30 in New York
    expect(instantToLocal(instant, ny)).toBe('2026-11-01T01:30')
    expect(instantToLocal(utc('2026-03-02T09:00:00Z'), 'Asia/Kolkata')).toBe('2026-03-02T14:30')
  })
})

describe('parseDateTimeInput', () => {
  it('treats an offset as absolute, whatever the zone', () => {
    expect(parseDateTimeInput('2026-03-08T02:30:00-05:00', 'America/New_York')).toEqual(
      readAs('2026-03-08T07:30:00Z'),
    )
    expect(parseDateTimeInput('2026-03-02T09:00:00Z', 'Asia/Kolkata')).toEqual(readAs('2026-03-02T09:00:00Z'))
  })

  it('reads a time without offset in the zone', () => {
    expect(parseDateTimeInput('2026-03-02T09:00', 'America/New_York')).toEqual(readAs('2026-03-02T14:00:00Z'))
  })
})

describe('resolveInterviewTimes', () => {
  const zone = 'America/New_York'

  it('accepts an end time or a duration', () => {
    expect(
      resolveInterviewTimes({ startsAt: '2026-03-02T09:00', endsAt: '2026-03-02T10:15', timeZone: zone }),
    ).toEqual({
      ok: true,
      value: { startsAt: utc('2026-03-02T14:00:00Z'), endsAt: utc('2026-03-02T15:15:00Z') },
    })
    expect(
      resolveInterviewTimes({ startsAt: '2026-03-02T09:00', durationMinutes: 45, timeZone: zone }),
    ).toEqual({
      ok: true,
      value: { startsAt: utc('2026-03-02T14:00:00Z'), endsAt: utc('2026-03-02T14:45:00Z') },
    })
  })

  it('measures the duration in elapsed time across the spring-forward', () => {
    // 01:30 EST + 60 min = 03:30 EDT on the wall clock.
    const result = resolveInterviewTimes({
      startsAt: '2026-03-08T01:30',
      durationMinutes: 60,
      timeZone: zone,
    })
    expect(result.ok && instantToLocal(result.value.endsAt, zone)).toBe('2026-03-08T03:30')
  })

  it('names the field for every problem', () => {
    const check = (input: Parameters<typeof resolveInterviewTimes>[0]) => {
      const result = resolveInterviewTimes(input)
      return result.ok ? {} : result.problems
    }
    expect(check({ startsAt: '2026-03-02T10:00', endsAt: '2026-03-02T09:00', timeZone: zone })).toEqual({
      endsAt: 'must be after the start',
    })
    expect(check({ startsAt: '2026-03-02T10:00', endsAt: '2026-03-02T10:00', timeZone: zone }).endsAt).toBe(
      'must be after the start',
    )
    expect(check({ startsAt: '2026-03-02T08:00', endsAt: '2026-03-02T20:01', timeZone: zone }).endsAt).toBe(
      'must be at most 12 hours after the start',
    )
    expect(check({ startsAt: '2026-03-02T08:00', endsAt: '2026-03-02T20:00', timeZone: zone })).toEqual({})
    expect(
      check({ startsAt: '2026-03-02T08:00', durationMinutes: 721, timeZone: zone }).durationMinutes,
    ).toMatch(/from 1 to 720/)
    expect(
      check({ startsAt: '2026-03-02T08:00', durationMinutes: 0, timeZone: zone }).durationMinutes,
    ).toBeDefined()
    expect(check({ startsAt: '2026-03-02T08:00', timeZone: zone }).endsAt).toMatch(/required/)
    expect(check({ startsAt: '2026-03-08T02:30', durationMinutes: 30, timeZone: zone }).startsAt).toMatch(
      /does not exist in America\/New_York/,
    )
    expect(
      check({ startsAt: '2026-03-08T01:00', endsAt: '2026-03-08T02:15', timeZone: zone }).endsAt,
    ).toMatch(/does not exist/)
    expect(check({ startsAt: 'soon', endsAt: '2026-03-02T10:00', timeZone: zone }).startsAt).toMatch(
      /date and time/,
    )
    expect(
      check({ startsAt: '2026-03-02T10:00', endsAt: '2026-03-02T11:00', timeZone: 'Nowhere/City' }),
    ).toEqual({
      timeZone: 'must be an IANA time zone such as Europe/Berlin',
    })
  })
})

describe('mergeInterviewPatch', () => {
  const existing: InterviewData = {
    company: 'Acme',
    role: 'Engineer',
    kind: 'technical',
    startsAt: utc('2026-03-02T14:00:00Z'),
    endsAt: utc('2026-03-02T15:00:00Z'),
    timeZone: 'America/New_York',
    location: '',
    jobUrl: '',
    notes: '',
    outcome: 'pending',
  }

  it('keeps the duration when only the start moves', () => {
    const merged = mergeInterviewPatch(existing, { startsAt: '2026-03-03T09:00' })
    expect(resolveInterviewTimes(merged)).toEqual({
      ok: true,
      value: { startsAt: utc('2026-03-03T14:00:00Z'), endsAt: utc('2026-03-03T15:00:00Z') },
    })
  })

  it('keeps the instants when only the zone changes', () => {
    const merged = mergeInterviewPatch(existing, { timeZone: 'Asia/Kolkata' })
    expect(resolveInterviewTimes(merged)).toEqual({
      ok: true,
      value: { startsAt: existing.startsAt, endsAt: existing.endsAt },
    })
  })
})

describe('day ranges for list filters', () => {
  it('covers whole days in the zone', () => {
    expect(dayRange('2026-03-08', '2026-03-08', 'America/New_York')).toEqual({
      from: utc('2026-03-08T05:00:00Z'),
      until: utc('2026-03-09T04:00:00Z'),
    })
    expect(dayRange(undefined, undefined, 'UTC')).toEqual({})
  })

  it('starts a day whose midnight is skipped at the first existing hour', () => {
    // Chile moves clocks forward at midnight: 2026-09-06 00:00 does not exist in America/Santiago.
    const start = startOfDay('2026-09-06', 'America/Santiago')
    expect(start).toBeDefined()
    expect(instantToLocal(start!, 'America/Santiago')).toBe('2026-09-06T01:00')
  })
})
