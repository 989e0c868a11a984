import fc from 'fast-check'
import { IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { zoneOffsets } from '../../src/domain/zoneOffsets.js'

const ZONES = Intl.supportedValuesOf('timeZone')
const YEAR_MS = 365.2425 * 86_400_000
const at = (iso: string) => Date.parse(iso)

/** The second oracle: the offset Intl itself prints, "GMT+05:45" (modern offsets are whole minutes). */
function printedOffset(zone: string, instant: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(instant)
    .find((part) => part.type === 'timeZoneName')!.value
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name)
  if (!m) throw new Error(`unexpected offset name ${name}`)
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
}

describe('zone offsets', () => {
  it('agrees with Luxon for every zone the runtime knows, at any instant from year 1 to 9999', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: at('0001-01-01T00:00:00Z'), max: at('9999-12-31T23:59:59Z') }),
        (zone, instant) => {
          expect(zoneOffsets(zone).offset(instant)).toBe(IANAZone.create(zone).offset(instant))
        },
      ),
      { numRuns: 3000 },
    )
  })

  it('agrees with the offset Intl prints, in the minutes either side of DST changes from 2020 to 2040', () => {
    // Near a change is where a parse that is off by an hour or a day would show.
    fc.assert(
      fc.property(
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'),
        fc.integer({ min: at('2020-01-01T00:00:00Z'), max: at('2040-01-01T00:00:00Z') }),
        fc.integer({ min: -90, max: 90 }),
        (zone, start, minutes) => {
          // Bisect to the change nearest `start` (if its year has one), then step off it by `minutes`.
          const offsets = zoneOffsets(zone)
          let lo = start
          let hi = start + YEAR_MS / 2
          if (offsets.offset(lo) === offsets.offset(hi)) return
          while (hi - lo > 1000) {
            const mid = Math.floor((lo + hi) / 2)
            if (offsets.offset(mid) === offsets.offset(lo)) lo = mid
            else hi = mid
          }
          const instant = hi + minutes * 60_000
          expect(offsets.offset(instant)).toBe(printedOffset(zone, instant))
        },
      ),
      { numRuns: 400 },
    )
  })

  it('keeps the milliseconds of an instant out of the offset', () => {
    const berlin = zoneOffsets('Europe/Berlin')
    expect(berlin.offset(at('2030-07-01T12:00:00.999Z'))).toBe(120)
    expect(berlin.offset(at('1969-12-31T23:59:59.001Z'))).toBe(60)
  })

  it('answers an unknown zone as UTC and says it does not know it', () => {
    const unknown = zoneOffsets('Mars/Olympus_Mons')
    expect(unknown.valid).toBe(false)
    expect(unknown.offset(at('2030-07-01T12:00:00Z'))).toBe(0)
    expect(zoneOffsets('Asia/Kathmandu').valid).toBe(true)
  })
})
