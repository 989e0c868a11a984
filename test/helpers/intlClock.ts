import fc from 'fast-check'

/**
 * Wall-clock readings through Intl.DateTimeFormat, a second implementation of time zones
 * next to the luxon arithmetic the application uses, so tests can check its results
 * without calling the helpers they are meant to check.
 */
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'longOffset',
    })
    formatters.set(zone, f)
  }
  return f
}

export interface Wall {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  /** UTC offset in minutes ("GMT+05:30" → 330). */
  offset: number
}

export function wallClock(instant: number, zone: string): Wall {
  const parts = Object.fromEntries(
    formatter(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  )
  const name = parts.timeZoneName ?? 'GMT'
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name)
  if (!m) throw new Error(`unexpected offset ${name}`)
  const offset = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    offset,
  }
}

/** Minutes after local midnight. */
export const minuteOfDay = (instant: number, zone: string): number => {
  const w = wallClock(instant, zone)
  return w.hour * 60 + w.minute
}

/** The wall-clock reading as if it were UTC, for wall-clock differences. */
export const wallAsUtc = (w: Wall): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute)

const pad = (n: number) => String(n).padStart(2, '0')

/** "2026-03-08T09:00", the form of a datetime-local input. */
export const wallText = (w: Wall): string =>
  `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`

/** Quiet hours as the README defines them: wall-clock minutes in the user's zone, start > end spans midnight. */
export function quietByIntl(
  instant: number,
  zone: string,
  quiet: { start: number; end: number } | null,
): boolean {
  if (!quiet || quiet.start === quiet.end) return false
  const m = minuteOfDay(instant, zone)
  return quiet.start < quiet.end ? m >= quiet.start && m < quiet.end : m >= quiet.start || m < quiet.end
}

/** Zones where a wrong offset shows: half-hour and 30-minute DST offsets, both hemispheres, none. */
export const TRICKY_ZONES = [
  'UTC',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'America/St_Johns',
]

/** The offset changes of 2026 in TRICKY_ZONES: ends near them are where wrong arithmetic shows. */
export const TRANSITIONS_2026 = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-03-08T05:30:00Z',
  '2026-11-01T04:30:00Z',
].map((iso) => Date.parse(iso))

const MINUTE = 60_000

/**
 * Whole-minute instants: anywhere from `from` to `to` (ISO), or within `before` minutes
 * before to `after` minutes after one of the transitions.
 */
export const instantsNear = (
  transitions: readonly number[],
  range: { from: string; to: string },
  window: { before: number; after: number },
): fc.Arbitrary<number> =>
  fc.oneof(
    fc
      .integer({ min: Date.parse(range.from) / MINUTE, max: Date.parse(range.to) / MINUTE })
      .map((m) => m * MINUTE),
    fc
      .tuple(fc.constantFrom(...transitions), fc.integer({ min: -window.before, max: window.after }))
      .map(([t, minutes]) => t + minutes * MINUTE),
  )
