import { describe, expect, it } from 'vitest'
import { urgency } from '../../src/domain/format.js'

const MIN = 60_000
const deadline = Date.UTC(2026, 2, 3, 15, 0)

describe('how urgent a deadline looks', () => {
  it.each([
    [24 * 60, 'calm'],
    [4 * 60, 'calm'],
    [4 * 60 - 1, 'soon'],
    [61, 'soon'],
    [60, 'soon'],
    [59, 'urgent'],
    [3, 'urgent'],
    [0, 'urgent'],
    [-1, 'overdue'],
  ])('%i min before the deadline is %s', (minutesLeft, expected) => {
    expect(urgency(deadline, deadline - minutesLeft * MIN)).toBe(expected)
  })
})
