import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newMessageKey } from '../../src/db/messageKey.js'

describe('message keys', () => {
  it('are 32 lowercase hex digits, and ten thousand made at once are all different', () => {
    const keys = Array.from({ length: 10_000 }, () => newMessageKey())
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('sort in the order of the milliseconds they were made in, so new keys share the index’s last page', () => {
    const year10000 = 253_402_300_800_000
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: year10000 }),
        fc.integer({ min: 1, max: year10000 }),
        (at, later) => {
          const first = newMessageKey(at)
          const second = newMessageKey(Math.min(at + later, year10000 + 1))
          expect(first < second).toBe(true)
        },
      ),
    )
  })
})
