// Pages show dozens of instants; building an Intl formatter (and the zone data behind it)
// per call dominated page rendering, so one formatter per zone is kept.
const formatters = new Map<string, Intl.DateTimeFormat>()

function partsIn(ms: number, zone: string): Record<string, string> {
  let formatter = formatters.get(zone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    })
    formatters.set(zone, formatter)
  }
  const parts: Record<string, string> = {}
  for (const part of formatter.formatToParts(ms)) parts[part.type] = part.value
  return parts
}

// The same instants (deadlines, start times) are shown on every view of a page; formatToParts
// is the expensive step, so recent results are remembered (cleared wholesale when full).
const MEMO_LIMIT = 10_000
const memo = new Map<string, string>()

/** "Tue 3 Mar 2026, 14:30 (EST)" in the given zone. */
export function dateTime(ms: number, zone: string): string {
  const key = `${zone}|${ms}`
  let text = memo.get(key)
  if (text === undefined) {
    const p = partsIn(ms, zone)
    text = `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute} (${p.timeZoneName})`
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(key, text)
  }
  return text
}

/** "3 Mar 2026" in the given zone. */
export function date(ms: number, zone: string): string {
  const p = partsIn(ms, zone)
  return `${p.day} ${p.month} ${p.year}`
}

/** "1 d 2 h 5 min": the whole minutes between two instants, either way round. */
export function span(from: number, to: number): string {
  const minutes = Math.floor(Math.abs(to - from) / 60_000)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const parts: string[] = []
  if (days) parts.push(`${days} d`)
  if (hours) parts.push(`${hours} h`)
  if (mins || parts.length === 0) parts.push(`${mins} min`)
  return parts.join(' ')
}

/** "5 h 12 min left" / "overdue by 2 h" — whole minutes, rounded towards the deadline. */
export function countdown(deadline: number, now: number): string {
  return deadline >= now ? `${span(now, deadline)} left` : `overdue by ${span(now, deadline)}`
}

export type Urgency = 'calm' | 'soon' | 'urgent' | 'overdue'

// The thresholds public/js/app.js repeats for its live countdowns.
const HOUR = 3_600_000

/** How a deadline should look: amber ("soon") under 4 hours left, red under 1 hour, then overdue. */
export function urgency(deadline: number, now: number): Urgency {
  const left = deadline - now
  if (left < 0) return 'overdue'
  if (left < HOUR) return 'urgent'
  if (left < 4 * HOUR) return 'soon'
  return 'calm'
}

const DAY_MS = 86_400_000
/** 9999-12-31T23:59:59.999Z: beyond it toISOString writes six-digit years. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`)
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`)

/**
 * Instants are epoch milliseconds inside Debrief and ISO-8601 UTC strings on the wire and in
 * markup: exactly what Date#toISOString writes, computed with arithmetic, because lists write
 * several per row and building a Date for each costs three times as much. The calendar date
 * is the days-to-civil conversion of the proleptic Gregorian calendar (400-year eras of
 * 146,097 days, years starting on 1 March so that the leap day falls last).
 */
export function iso(ms: number): string {
  if (!(Number.isInteger(ms) && ms >= 0 && ms <= LAST_FOUR_DIGIT_YEAR_MS)) return new Date(ms).toISOString()
  const days = Math.floor(ms / DAY_MS)
  let rest = ms - days * DAY_MS
  const shifted = days + 719_468 // days from 0000-03-01 to 1970-01-01
  const era = Math.floor(shifted / 146_097)
  const dayOfEra = shifted - era * 146_097
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  const yyyy = year < 1000 ? String(year).padStart(4, '0') : String(year)
  return `${yyyy}-${two(month)}-${two(day)}T${two(hours)}:${two(minutes)}:${two(seconds)}.${three(rest - seconds * 1000)}Z`
}
