import { DEFAULT_QUIET_HOURS, type QuietHours } from '../domain/reminderPlan.js'
import { type PlannedNudge, planNextNudge } from '../domain/studyNudge.js'

/**
 * What a once-a-day message (the study reminder, the coach's digest) is planned from: the
 * person's zone, their setting for it, and their reminder quiet hours, as one row reads them.
 */
export interface DailyPlanRow {
  time_zone: string
  enabled: number
  minute: number
  has_reminder_settings: number
  quiet_start: number | null
  quiet_end: number | null
}

/** The next day's message for the row, or undefined when it is off or the coming days are planned. */
export function nextDailyMessage(
  row: DailyPlanRow,
  now: number,
  planned: (localDate: string) => boolean,
  catchUpToday: boolean,
): PlannedNudge | undefined {
  // No reminder_settings row means the reminder defaults, quiet hours included (22:00-07:00).
  const quiet: QuietHours | null = !row.has_reminder_settings
    ? { ...DEFAULT_QUIET_HOURS }
    : row.quiet_start === null || row.quiet_end === null
      ? null
      : { start: row.quiet_start, end: row.quiet_end }
  return planNextNudge(
    now,
    row.time_zone,
    { enabled: row.enabled === 1, minute: row.minute },
    quiet,
    planned,
    catchUpToday,
  )
}
