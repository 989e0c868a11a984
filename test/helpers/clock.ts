import type { Clock } from '../../src/clock.js'

/** A clock tests can set and move; starts at a fixed instant so results do not depend on the day the suite runs. */
export class TestClock implements Clock {
  constructor(private current = Date.parse('2026-03-02T15:00:00Z')) {}
  now(): number {
    return this.current
  }
  set(ms: number | string): void {
    this.current = typeof ms === 'string' ? Date.parse(ms) : ms
  }
  advance(ms: number): void {
    this.current += ms
  }
}
