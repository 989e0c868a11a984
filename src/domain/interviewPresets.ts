import { instantToLocal } from './interview.js'

// The new-interview form opens filled in for the commonest case, so logging the interview
// you just walked out of takes only the company, the role and who you met.

export const PRESETS = ['just-finished', 'scheduled'] as const
export type Preset = (typeof PRESETS)[number]

export const PRESET_LABELS: Record<Preset, string> = {
  'just-finished': 'Just finished',
  scheduled: 'Later today / scheduled',
}

/** The lengths the duration control offers; anything else is "Other end time…". */
export const DURATION_CHOICES = [30, 45, 60, 90, 120] as const
export const DEFAULT_DURATION = 60
/** The duration control's value meaning "the end time field says when it ended". */
export const OTHER_END = 'other'

const MINUTE = 60_000

export const asPreset = (value: unknown): Preset =>
  (PRESETS as readonly unknown[]).includes(value) ? (value as Preset) : 'just-finished'

/** The first whole hour on the zone's clock after `now` (zones at :30 and :45 offsets included). */
export function nextFullHour(now: number, timeZone: string): number {
  const minute = Math.floor(now / MINUTE) * MINUTE
  for (let step = 1; step <= 120; step++) {
    const candidate = minute + step * MINUTE
    if (instantToLocal(candidate, timeZone).endsWith(':00')) return candidate
  }
  return minute + 60 * MINUTE
}

export interface PresetTimes {
  /** "YYYY-MM-DDTHH:mm" on the zone's clock, for the start field. */
  startsAt: string
  /** The end the preset implies, ready in the end field should "Other end time…" be chosen. */
  endsAt: string
  durationMinutes: string
  /** The same start as an instant, so a script can re-read it when the zone is changed. */
  startsAtMs: number
}

/**
 * "Just finished": it ended now (rounded down to the minute, so never in the future) and
 * lasted an hour. "Scheduled": it starts at the next full hour and lasts an hour.
 */
export function presetTimes(preset: Preset, now: number, timeZone: string): PresetTimes {
  const start =
    preset === 'just-finished'
      ? Math.floor(now / MINUTE) * MINUTE - DEFAULT_DURATION * MINUTE
      : nextFullHour(now, timeZone)
  return {
    startsAt: instantToLocal(start, timeZone),
    endsAt: instantToLocal(start + DEFAULT_DURATION * MINUTE, timeZone),
    durationMinutes: String(DEFAULT_DURATION),
    startsAtMs: start,
  }
}

/** The duration control's options: the common lengths, the one being edited if it is another, then "Other end time…". */
export function durationOptions(current: string | undefined): [string, string][] {
  const minutes = DURATION_CHOICES.map(Number)
  const value = Number(current)
  if (current && /^\d+$/.test(current) && value > 0 && !minutes.includes(value)) minutes.push(value)
  minutes.sort((a, b) => a - b)
  return [
    ...minutes.map((m): [string, string] => [String(m), durationLabel(m)]),
    [OTHER_END, 'Other end time…'],
  ]
}

function durationLabel(minutes: number): string {
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return `${hours} h${rest ? ` ${rest} min` : ''}`
}
