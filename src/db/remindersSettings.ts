import type { ReminderReach } from '../domain/reminderReach.js'
import type { Db } from './connection.js'
import { DEFAULT_REMINDER_SETTINGS, type ReminderSettings } from './remindersTypes.js'

interface SettingsRow {
  leads: string
  research_enabled: number
  overdue_enabled: number
  quiet_start: number | null
  quiet_end: number | null
  email: string | null
  email_enabled: number
}

function toSettings(row: SettingsRow | undefined): ReminderSettings {
  if (!row) return { ...DEFAULT_REMINDER_SETTINGS, leads: [...DEFAULT_REMINDER_SETTINGS.leads] }
  let leads: number[] = []
  try {
    const parsed: unknown = JSON.parse(row.leads)
    if (Array.isArray(parsed)) leads = parsed.filter((n): n is number => Number.isInteger(n) && n > 0)
  } catch {
    // A damaged value means no lead reminders rather than a crash in every interview save.
  }
  return {
    leads: leads.sort((a, b) => b - a),
    researchEnabled: row.research_enabled === 1,
    overdueEnabled: row.overdue_enabled === 1,
    quietHours:
      row.quiet_start === null || row.quiet_end === null
        ? null
        : { start: row.quiet_start, end: row.quiet_end },
    email: row.email,
    emailEnabled: row.email_enabled === 1,
  }
}

/** The dashboard's "reminders can't reach you" check, on every view of it: one statement. */
export const REACH_SQL = `SELECT
  (SELECT count(*) FROM push_subscriptions WHERE user_id = @userId) AS push,
  (SELECT count(*) FROM reminder_webhooks WHERE user_id = @userId) AS webhook,
  coalesce((SELECT email_enabled FROM reminder_settings WHERE user_id = @userId), 1) AS email`

/** A user's reminder preferences: one row, or none for the defaults. */
export function reminderSettingsStore(db: Db) {
  const reachRow = db.prepare(REACH_SQL)
  const settingsRow = db.prepare(
    `SELECT leads, research_enabled, overdue_enabled, quiet_start, quiet_end, email, email_enabled
     FROM reminder_settings WHERE user_id = ?`,
  )
  const upsertSettings = db.prepare(
    `INSERT INTO reminder_settings (user_id, leads, research_enabled, overdue_enabled, quiet_start, quiet_end, email, email_enabled, updated_at)
     VALUES (@userId, @leads, @researchEnabled, @overdueEnabled, @quietStart, @quietEnd, @email, coalesce(@emailEnabled, 1), @now)
     ON CONFLICT (user_id) DO UPDATE SET leads = excluded.leads, research_enabled = excluded.research_enabled,
       overdue_enabled = excluded.overdue_enabled, quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end,
       email = excluded.email, email_enabled = coalesce(@emailEnabled, reminder_settings.email_enabled), updated_at = excluded.updated_at`,
  )
  return {
    reach(userId: number): ReminderReach {
      const row = reachRow.get({ userId }) as { push: number; webhook: number; email: number }
      return { pushSubscriptions: row.push, webhooks: row.webhook, emailEnabled: row.email === 1 }
    },

    settings: (userId: number): ReminderSettings =>
      toSettings(settingsRow.get(userId) as SettingsRow | undefined),

    saveSettings(userId: number, settings: ReminderSettings, now: number): void {
      upsertSettings.run({
        userId,
        leads: JSON.stringify([...new Set(settings.leads)].sort((a, b) => b - a)),
        researchEnabled: settings.researchEnabled ? 1 : 0,
        overdueEnabled: settings.overdueEnabled ? 1 : 0,
        quietStart: settings.quietHours?.start ?? null,
        quietEnd: settings.quietHours?.end ?? null,
        email: settings.email,
        // Callers that do not know the switch (the import) leave it as it is.
        emailEnabled: settings.emailEnabled === undefined ? null : settings.emailEnabled ? 1 : 0,
        now,
      })
    },
  }
}
