import { DateTime } from 'luxon'
import { isQuiet, type QuietHours } from './reminderPlan.js'

/** The daily study reminder's time when the user has not chosen one: 19:00. */
export const DEFAULT_STUDY_MINUTE = 19 * 60

export interface StudyReminderSettings {
  enabled: boolean
  /** Minutes after local midnight in the user's zone. */
  minute: number
}

export const DEFAULT_STUDY_REMINDER: StudyReminderSettings = { enabled: false, minute: DEFAULT_STUDY_MINUTE }

export interface PlannedNudge {
  /** The user's calendar day the nudge is for, YYYY-MM-DD in their zone. */
  localDate: string
  dueAt: number
}

function zoned(instant: number, timeZone: string): DateTime {
  const dt = DateTime.fromMillis(instant, { zone: timeZone })
  // Zones are validated on input; one that vanished from the runtime must not stop the nudges.
  return dt.isValid ? dt : DateTime.fromMillis(instant, { zone: 'UTC' })
}

export function localDateOf(instant: number, timeZone: string): string {
  return zoned(instant, timeZone).toISODate() as string
}

/**
 * The instant of the nudge for one local day: the chosen wall-clock time in the user's zone that
 * day (a time a spring-forward change skips moves later by the gap, 02:30 → 03:30; a repeated one is its first occurrence), moved to
 * the end of quiet hours when it falls inside them — a daily nudge belongs in the morning, not the
 * evening before.
 */
export function nudgeInstant(
  localDate: string,
  minute: number,
  timeZone: string,
  quiet: QuietHours | null,
): number {
  const zone = zoned(0, timeZone).zoneName ?? 'UTC'
  const day = DateTime.fromISO(localDate, { zone })
  const at = day.set({ hour: Math.floor(minute / 60), minute: minute % 60, second: 0, millisecond: 0 })
  const instant = at.toMillis()
  if (!quiet || !isQuiet(instant, zone, quiet)) return instant
  let end = at.set({ hour: Math.floor(quiet.end / 60), minute: quiet.end % 60 })
  if (end.toMillis() <= instant)
    end = end.plus({ days: 1 }).set({ hour: Math.floor(quiet.end / 60), minute: quiet.end % 60 })
  return end.toMillis()
}

/**
 * The next nudge worth planning: the first of today, tomorrow and the day after that has no row
 * yet and whose moment has not passed. With `catchUpToday`, today's nudge is planned even when
 * its moment has passed (it goes at once): that is the catch-up after downtime.
 */
export function planNextNudge(
  now: number,
  timeZone: string,
  settings: StudyReminderSettings,
  quiet: QuietHours | null,
  hasRow: (localDate: string) => boolean,
  catchUpToday: boolean,
): PlannedNudge | undefined {
  if (!settings.enabled) return undefined
  const today = zoned(now, timeZone).startOf('day')
  for (let offset = 0; offset < 3; offset++) {
    const localDate = today.plus({ days: offset }).toISODate() as string
    if (hasRow(localDate)) continue
    const dueAt = nudgeInstant(localDate, settings.minute, timeZone, quiet)
    if (dueAt >= now || (offset === 0 && catchUpToday)) return { localDate, dueAt }
  }
  return undefined
}

/** A nudge is only worth sending on the local day it was due: a day later it is noise. */
export function isNudgeStale(dueAt: number, now: number, timeZone: string): boolean {
  return now >= zoned(dueAt, timeZone).endOf('day').toMillis() + 1
}

export function nudgeSubject(dueCount: number): string {
  return dueCount === 1 ? '1 study card is due' : `${dueCount} study cards are due`
}
