import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { iso } from '../../src/domain/format.js'

describe('iso', () => {
  it('writes what Date#toISOString writes for any instant from 1970 to the year 9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        expect(iso(ms)).toBe(new Date(ms).toISOString())
      }),
      { numRuns: 20_000 },
    )
  })

  it.each([
    [0, '1970-01-01T00:00:00.000Z'],
    [951_782_400_000, '2000-02-29T00:00:00.000Z'],
    [1_709_251_199_999, '2024-02-29T23:59:59.999Z'],
    [4_107_542_400_000, '2100-03-01T00:00:00.000Z'],
    [1_774_710_000_005, '2026-03-28T15:00:00.005Z'],
    [253_402_300_799_999, '9999-12-31T23:59:59.999Z'],
  ])('writes %i as %s', (ms, text) => {
    expect(iso(ms)).toBe(text)
  })

  it('leaves instants before 1970, after 9999 and between milliseconds to Date', () => {
    for (const ms of [-1, -62_198_755_200_000, 253_402_300_800_000, 1.5])
      expect(iso(ms)).toBe(new Date(ms).toISOString())
    expect(() => iso(Number.NaN)).toThrow(RangeError)
  })
})
