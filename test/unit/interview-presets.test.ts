import { describe, expect, it } from 'vitest'
import { checkInterviewerRows } from '../../src/domain/interviewerRows.js'
import { durationOptions, nextFullHour, presetTimes } from '../../src/domain/interviewPresets.js'

describe('new-interview presets', () => {
  const now = Date.parse('2026-03-02T15:42:31.500Z')

  it('"just finished" ends at the minute now is in and started an hour before, on the zone clock', () => {
    expect(presetTimes('just-finished', now, 'America/New_York')).toEqual({
      startsAt: '2026-03-02T09:42',
      endsAt: '2026-03-02T10:42',
      durationMinutes: '60',
      startsAtMs: Date.parse('2026-03-02T14:42:00Z'),
    })
    expect(presetTimes('just-finished', now, 'Asia/Kolkata').startsAt).toBe('2026-03-02T20:12')
  })

  it('"scheduled" starts at the next full hour of the zone clock, whatever its offset', () => {
    expect(presetTimes('scheduled', now, 'UTC').startsAt).toBe('2026-03-02T16:00')
    expect(presetTimes('scheduled', now, 'Asia/Kolkata').startsAt).toBe('2026-03-02T22:00')
    expect(presetTimes('scheduled', now, 'Asia/Kathmandu').startsAt).toBe('2026-03-02T22:00')
    expect(nextFullHour(Date.parse('2026-03-02T16:00:00Z'), 'UTC')).toBe(Date.parse('2026-03-02T17:00:00Z'))
  })

  it('skips the hour that daylight saving removes', () => {
    // 01:30 EST on 8 March 2026; 02:00 does not exist there, the next full hour is 03:00 EDT.
    const before = Date.parse('2026-03-08T06:30:00Z')
    expect(nextFullHour(before, 'America/New_York')).toBe(Date.parse('2026-03-08T07:00:00Z'))
    expect(presetTimes('scheduled', before, 'America/New_York').startsAt).toBe('2026-03-08T03:00')
  })

  it('offers the common lengths, the one being edited, and "Other end time…"', () => {
    expect(durationOptions('60').map(([v]) => v)).toEqual(['30', '45', '60', '90', '120', 'other'])
    expect(durationOptions('75')).toContainEqual(['75', '1 h 15 min'])
    expect(durationOptions('75').map(([v]) => v)).toEqual(['30', '45', '60', '75', '90', '120', 'other'])
    expect(durationOptions('abc').map(([v]) => v)).toEqual(['30', '45', '60', '90', '120', 'other'])
  })
})

describe('interviewer rows', () => {
  it('skips empty rows and keys each problem by its row', () => {
    expect(
      checkInterviewerRows([
        { name: 'Dana', title: 'Lead', email: '' },
        { name: ' ', title: '', email: '' },
        { name: '', title: 'Recruiter', email: 'not-an-address' },
      ]),
    ).toEqual({
      ok: false,
      problems: {
        'interviewers.2.name': 'must not be empty',
        'interviewers.2.email': expect.any(String),
      },
    })
    expect(
      checkInterviewerRows([
        { name: ' Dana ', title: '', email: 'dana@acme.example' },
        { name: '', title: '', email: '' },
      ]),
    ).toEqual({
      ok: true,
      value: [{ name: 'Dana', title: '', email: 'dana@acme.example', notes: '', topics: [] }],
    })
  })
})
