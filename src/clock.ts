/** Every time-dependent decision reads the time from a Clock so tests can move time. */
export interface Clock {
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
