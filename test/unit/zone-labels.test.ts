import { describe, expect, it } from 'vitest'
import { canonicalTimeZone } from '../../src/domain/zoneAliases.js'
import { formatUtcOffset, zoneLabel, zonePickerGroups } from '../../src/domain/zoneLabels.js'

// The oracle: the zone's wall clock at an instant, read field by field, minus the instant.
// It shares nothing with the labels' own offset (Intl's "shortOffset" zone name).
function offsetOracle(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at)
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((wall - Math.floor(at / 1000) * 1000) / 60_000)
}

/** The minutes a label's trailing "UTC−5", "UTC+5:30" or "UTC" says. */
function offsetInLabel(label: string): number {
  const m = /UTC(?:([+−])(\d{1,2})(?::(\d{2}))?)?\)$/.exec(label)
  if (!m) throw new Error(`no offset at the end of "${label}"`)
  if (!m[1]) return 0
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0)
  return m[1] === '−' ? -minutes : minutes
}

const WINTER = Date.parse('2026-01-15T12:00:00Z')
const SUMMER = Date.parse('2026-07-15T12:00:00Z')

describe('friendly zone labels', () => {
  it('names the place, the everyday zone name and the offset in force', () => {
    expect(zoneLabel('America/New_York', WINTER)).toBe('New York (Eastern Time, UTC−5)')
    expect(zoneLabel('America/New_York', SUMMER)).toBe('New York (Eastern Time, UTC−4)')
    expect(zoneLabel('Europe/Berlin', SUMMER)).toBe('Berlin (Central European Time, UTC+2)')
    expect(zoneLabel('Asia/Kathmandu', WINTER)).toMatch(/^Kathmandu \(.*, UTC\+5:45\)$/)
    expect(zoneLabel('America/Argentina/Buenos_Aires', WINTER)).toMatch(/^Buenos Aires, Argentina \(/)
    expect(zoneLabel('UTC', WINTER)).toBe('UTC (Coordinated Universal Time)')
  })

  it('agrees with the wall-clock oracle for every zone, in winter and in summer', () => {
    const groups = [WINTER, SUMMER].map((at) => ({ at, groups: zonePickerGroups('UTC', undefined, at) }))
    let checked = 0
    for (const { at, groups: list } of groups)
      for (const group of list)
        for (const zone of group.zones) {
          checked++
          // UTC's label is its name alone; its offset is 0 by definition.
          if (zone.value === 'UTC') {
            expect(zone.label).toBe('UTC (Coordinated Universal Time)')
            continue
          }
          expect(offsetInLabel(zone.label), `${zone.value} at ${new Date(at).toISOString()}`).toBe(
            offsetOracle(zone.value, at),
          )
        }
    expect(checked).toBeGreaterThan(2 * 300)
  })

  it('writes offsets with a true minus sign and minutes only when there are some', () => {
    expect(formatUtcOffset(0)).toBe('UTC')
    expect(formatUtcOffset(-300)).toBe('UTC−5')
    expect(formatUtcOffset(330)).toBe('UTC+5:30')
    expect(formatUtcOffset(-570)).toBe('UTC−9:30')
    expect(formatUtcOffset(825)).toBe('UTC+13:45')
  })

  it("puts the user's zone first, then the zone being edited, then regions sorted by label", () => {
    const groups = zonePickerGroups('Asia/Tokyo', 'America/Chicago', WINTER)
    expect(groups[0]).toEqual({
      label: 'Your time zone',
      zones: [
        { value: 'Asia/Tokyo', label: zoneLabel('Asia/Tokyo', WINTER) },
        { value: 'America/Chicago', label: zoneLabel('America/Chicago', WINTER) },
      ],
    })
    const europe = groups.find((g) => g.label === 'Europe')!
    const labels = europe.zones.map((z) => z.label)
    expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b, 'en')))
    expect(europe.zones.every((z) => z.value.startsWith('Europe/'))).toBe(true)
    // A refused entry is kept, marked, so the user sees what to correct.
    expect(zonePickerGroups('UTC', 'Mars/Base', WINTER)[0]!.zones[1]).toEqual({
      value: 'Mars/Base',
      label: 'Mars/Base (not a time zone)',
    })
  })
})

describe('time-zone aliases', () => {
  it.each([
    ['America/New_York', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['US/Eastern', 'America/New_York'],
    ['EST5EDT', 'America/New_York'],
    ['pst8pdt', 'America/Los_Angeles'],
    ['Canada/Pacific', 'America/Vancouver'],
    ['america/chicago', 'America/Chicago'],
    ['  Europe/Berlin ', 'Europe/Berlin'],
    ['GMT', 'UTC'],
    ['Etc/UTC', 'UTC'],
  ])('maps %s to %s', (typed, zone) => {
    expect(canonicalTimeZone(typed)).toEqual({ ok: true, zone })
  })

  it.each([
    ['EST', /abbreviation/],
    ['EST5', /abbreviation/],
    ['CET', /abbreviation/],
    ['Mars/Base', /not a time zone Debrief knows/],
    ['America/Nowhere', /not a time zone Debrief knows/],
    ['<script>', /not a time zone Debrief knows/],
    ['', /must not be empty/],
  ])('refuses %s', (typed, problem) => {
    const result = canonicalTimeZone(typed)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.problem).toMatch(problem)
  })
})
