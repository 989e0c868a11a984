/**
 * A zone's UTC offset at an instant, read from the runtime's time-zone data (the same Intl
 * data Luxon reads). Planning one interview's reminders asks for a dozen offsets (quiet hours,
 * DST changes inside a jump) and reading a wall-clock time for another five or six; Luxon
 * builds an array of parts for each answer, which made these reads a tenth of what creating
 * an interview costs. One formatted string per answer, parsed in place, is three times cheaper.
 */
export interface ZoneOffsets {
  /** Whether the runtime knows the zone; an unknown zone answers 0 (UTC). */
  readonly valid: boolean
  /** Minutes the zone's wall clock is ahead of UTC at `instant` (epoch ms). */
  offset(instant: number): number
}

// "01/10/2030 AD, 09:45:00" in en-US with these options; the era makes years before 1 readable.
const FORMAT: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  era: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
}
const PARTS = /(\d+)\/(\d+)\/(\d+) (AD|BC),? (\d+):(\d+):(\d+)/

const UNKNOWN: ZoneOffsets = { valid: false, offset: () => 0 }
/** Zone names arrive from users: the cache is bounded, and emptied when full. */
const CACHE_LIMIT = 1000
const cache = new Map<string, ZoneOffsets>()

function formatterFor(name: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { ...FORMAT, timeZone: name })
  } catch {
    return undefined
  }
}

function offsetsOf(format: Intl.DateTimeFormat): ZoneOffsets {
  const wall = new Date(0)
  return {
    valid: true,
    offset(instant) {
      const parts = PARTS.exec(format.format(instant))
      if (!parts) throw new Error(`Unreadable wall-clock time for instant ${instant}`)
      const [, month, day, year, era, hour, minute, second] = parts as unknown as string[]
      // setUTCFullYear takes the year as written (Date.UTC would read 0–99 as 1900–1999).
      wall.setUTCFullYear(era === 'BC' ? 1 - Number(year) : Number(year), Number(month) - 1, Number(day))
      wall.setUTCHours(Number(hour) % 24, Number(minute), Number(second), 0)
      // The wall clock shows whole seconds: compare it with the instant's whole second.
      const whole = instant - (((instant % 1000) + 1000) % 1000)
      return (wall.getTime() - whole) / 60_000
    },
  }
}

export function zoneOffsets(name: string): ZoneOffsets {
  const known = cache.get(name)
  if (known) return known
  const format = formatterFor(name)
  if (!format) return UNKNOWN
  if (cache.size >= CACHE_LIMIT) cache.clear()
  const offsets = offsetsOf(format)
  cache.set(name, offsets)
  return offsets
}
