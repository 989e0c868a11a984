import type { Statement } from 'better-sqlite3'
import { DEFAULT_QUIET_HOURS, type QuietHours } from '../domain/reminderPlan.js'
import { type PlannedNudge, planNextNudge } from '../domain/studyNudge.js'
import type { Db } from './connection.js'
import { newMessageKey } from './messageKey.js'

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

/** A once-a-day message's setting: on or off, and its local time in minutes after midnight. */
export interface DailySettings {
  enabled: boolean
  minute: number
}

/** The settings tables of the daily messages, alike: (user_id, enabled, minute, updated_at). */
export type DailySettingsTable = 'study_reminder_settings' | 'coach_digest_settings'

/**
 * The statements of one kind of daily message, each prepared once by its repository:
 * `planContext` (a DailyPlanRow for @userId and @defaultMinute), `rowForDay` (pluck: (owner,
 * localDate) → 1), `insert` (INSERT OR IGNORE with @userId, @localDate, @dueAt, @messageKey,
 * @now), `dropPending` (owner) and `toPlan` (pluck: owners with it on and nothing waiting, @limit).
 */
export interface DailyMessageStatements {
  planContext: Statement
  rowForDay: Statement
  insert: Statement
  dropPending: Statement
  toPlan: Statement
}

/**
 * Settings and planning of a daily message (the study reminder, the coach's digest), the same
 * for both: one row per owner and local day, planned idempotently on the day's unique key; a
 * change of setting, zone or quiet hours drops the waiting row and plans it again. The settings
 * statements are prepared here, once per repository, from the table's name.
 * `eligible` says whether the owner gets one at all (a coach needs a candidate).
 */
export function dailyMessagePlanner<S extends DailySettings>(
  db: Db,
  settingsTable: DailySettingsTable,
  sql: DailyMessageStatements,
  defaults: S,
  eligible: (row: DailyPlanRow & Record<string, unknown>) => boolean = () => true,
) {
  const settingsRow = db.prepare(`SELECT enabled, minute FROM ${settingsTable} WHERE user_id = ?`)
  const upsertSettings = db.prepare(
    `INSERT INTO ${settingsTable} (user_id, enabled, minute, updated_at) VALUES (@userId, @enabled, @minute, @now)
     ON CONFLICT (user_id) DO UPDATE SET enabled = excluded.enabled, minute = excluded.minute, updated_at = excluded.updated_at`,
  )
  const planNext = (userId: number, now: number, catchUpToday: boolean): boolean => {
    const row = sql.planContext.get({ userId, defaultMinute: defaults.minute }) as
      | (DailyPlanRow & Record<string, unknown>)
      | undefined
    if (!row || !eligible(row)) return false
    const planned = (localDate: string) => sql.rowForDay.get(userId, localDate) === 1
    const next = nextDailyMessage(row, now, planned, catchUpToday)
    if (!next) return false
    return sql.insert.run({ userId, ...next, messageKey: newMessageKey(), now }).changes === 1
  }

  return {
    settings(userId: number): S {
      const row = settingsRow.get(userId) as { enabled: number; minute: number } | undefined
      return row ? ({ ...defaults, enabled: row.enabled === 1, minute: row.minute } as S) : { ...defaults }
    },

    /** Saves the settings and re-plans: a waiting message moves to the new time (or goes, when turned off). */
    saveSettings: db.transaction((userId: number, value: S, now: number): void => {
      upsertSettings.run({ userId, enabled: value.enabled ? 1 : 0, minute: value.minute, now })
      sql.dropPending.run(userId)
      planNext(userId, now, false)
    }),

    /** After a change of time zone or quiet hours: the waiting message is planned again. */
    replan: db.transaction((userId: number, now: number): void => {
      sql.dropPending.run(userId)
      planNext(userId, now, false)
    }),

    /** Plans a message for every owner who has it on and none waiting; bounded per pass. */
    planMissing: db.transaction((now: number, limit = 200): number => {
      let planned = 0
      for (const userId of sql.toPlan.all({ limit }) as number[]) if (planNext(userId, now, true)) planned++
      return planned
    }),

    /** The next day's message, once the previous one is settled. */
    planAfterSettled: (userId: number, now: number) => planNext(userId, now, true),
  }
}

/** An owner's latest daily messages, newest day first, through `recent` ((owner, limit) → rows). */
export const recentDays =
  <R, V>(recent: Statement, view: (row: R) => V) =>
  (ownerId: number, limit = 14): V[] =>
    (recent.all(ownerId, limit) as R[]).map(view)
