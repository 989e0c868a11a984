import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { keepRecent } from '../../src/domain/recentlyUsed.js'

// The oracle: a plain list of keys, most recent last, cut to the capacity from the front.
describe('keepRecent', () => {
  it('keeps the most recently set keys, at most the capacity, each with its last value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 5 }),
        (keys, capacity) => {
          const map = new Map<number, number>()
          let order: number[] = []
          keys.forEach((key, n) => {
            keepRecent(map, key, n, capacity)
            order = [...order.filter((k) => k !== key), key].slice(-capacity)
          })
          expect([...map.keys()]).toEqual(order)
          for (const key of order) expect(map.get(key)).toBe(keys.lastIndexOf(key))
        },
      ),
    )
  })
})
