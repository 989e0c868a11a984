import { DateTime } from 'luxon'

/** "Tue 3 Mar 2026, 14:30 (GMT-5)" in the given zone. */
export function dateTime(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat("ccc d LLL yyyy, HH:mm '('ZZZZ')'")
}

export function date(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toFormat('d LLL yyyy')
}

/** "5 h 12 min left" / "overdue by 2 h" — whole minutes, rounded towards the deadline. */
export function countdown(deadline: number, now: number): string {
  const diff = deadline - now
  const minutes = Math.floor(Math.abs(diff) / 60_000)
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const mins = minutes % 60
  const parts: string[] = []
  if (days) parts.push(`${days} d`)
  if (hours) parts.push(`${hours} h`)
  if (mins || parts.length === 0) parts.push(`${mins} min`)
  const span = parts.join(' ')
  return diff >= 0 ? `${span} left` : `overdue by ${span}`
}
