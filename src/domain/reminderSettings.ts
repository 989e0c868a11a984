import { isSingleAddress } from './emailAddress.js'
import {
  MAX_LEAD_MINUTES,
  MAX_LEADS,
  MIN_LEAD_MINUTES,
  parseClockTime,
  type QuietHours,
} from './reminderPlan.js'

// The one address rule lives in emailAddress.ts; re-exported for the modules that read it from here.
export { isSingleAddress }

export interface ReminderSettingsInput {
  leads: readonly number[]
  researchEnabled: boolean
  overdueEnabled: boolean
  /** "HH:MM" wall-clock times in the user's zone; null turns quiet hours off. */
  quietHours: { start: string; end: string } | null
  /** Blank or null: the account's address. */
  email: string | null
}

export interface CheckedReminderSettings {
  leads: number[]
  researchEnabled: boolean
  overdueEnabled: boolean
  quietHours: QuietHours | null
  email: string | null
}

export type SettingsCheck =
  | { ok: true; value: CheckedReminderSettings }
  | { ok: false; problems: Record<string, string> }

/** The rules schemas cannot express, shared by the settings page and the API; problems are keyed by field. */
export function checkReminderSettings(input: ReminderSettingsInput): SettingsCheck {
  const problems: Record<string, string> = {}
  const leads = [...new Set(input.leads)].sort((a, b) => b - a)
  if (leads.some((lead) => !Number.isInteger(lead) || lead < MIN_LEAD_MINUTES || lead > MAX_LEAD_MINUTES)) {
    problems.leads = `must be whole minutes from ${MIN_LEAD_MINUTES} to ${MAX_LEAD_MINUTES} (23 h) before the deadline`
  } else if (leads.length > MAX_LEADS) {
    problems.leads = `must have at most ${MAX_LEADS} reminders`
  }
  let quietHours: QuietHours | null = null
  if (input.quietHours) {
    const start = parseClockTime(input.quietHours.start)
    const end = parseClockTime(input.quietHours.end)
    if (start === undefined) problems['quietHours.start'] = 'must be a time such as 22:00'
    if (end === undefined) problems['quietHours.end'] = 'must be a time such as 07:00'
    else if (start !== undefined && start === end)
      problems['quietHours.end'] = 'must differ from the start (turn quiet hours off instead)'
    if (start !== undefined && end !== undefined) quietHours = { start, end }
  }
  const email = input.email?.trim() ? input.email.trim() : null
  if (email !== null && !isSingleAddress(email))
    problems.email = 'must be one e-mail address such as you@example.com'
  if (Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    value: {
      leads,
      researchEnabled: input.researchEnabled,
      overdueEnabled: input.overdueEnabled,
      quietHours,
      email,
    },
  }
}
