import type { FollowUpState, Outcome } from '../domain/interview.js'
import {
  DEFAULT_LEADS,
  DEFAULT_QUIET_HOURS,
  type QuietHours,
  type ReminderKind,
  type ReminderPrefs,
  type ReminderState,
} from '../domain/reminderPlan.js'

/** The channels a reminder (or a daily study reminder) can be delivered over. */
export type ChannelName = 'email' | 'push' | 'webhook'

export interface ReminderView {
  id: number
  kind: string
  lead: number
  dueAt: number
  /** Overall: the plan's state until it is handed to its channels, then the worst of its channels'. */
  state: string
  /** The e-mail delivery's (or, before hand-off, the plan's) attempts, error, times and Message-ID. */
  attempts: number
  lastError: string | null
  sentAt: number | null
  nextAttemptAt: number
  messageId: string | null
  /** "Research nudge", "4 h before the deadline", "Overdue notice". */
  label: string
  /** How each channel fared, e-mail first; empty until the reminder comes due. */
  channels: ChannelState[]
}

/** One channel's delivery of a reminder. */
export interface ChannelState {
  channel: ChannelName
  /** The reminder_deliveries row. */
  deliveryId: number | null
  /** "E-mail", the browser's name, "Webhook". */
  label: string
  state: string
  attempts: number
  nextAttemptAt: number
  lastError: string | null
  sentAt: number | null
}

/** A reminder with the interview it belongs to, for lists across interviews. */
export interface UserReminderView extends ReminderView {
  interviewId: number
  company: string
  role: string
}

export interface ReminderSettings {
  /** Minutes before the deadline, longest first. */
  leads: number[]
  researchEnabled: boolean
  overdueEnabled: boolean
  quietHours: QuietHours | null
  /** null: the account's e-mail address. */
  email: string | null
  /**
   * false: reminders (and the daily study reminder) go only to the other channels. Always set
   * when read; a caller saving settings without it keeps the stored value.
   */
  emailEnabled?: boolean
}

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  leads: [...DEFAULT_LEADS],
  researchEnabled: true,
  overdueEnabled: true,
  quietHours: { ...DEFAULT_QUIET_HOURS },
  email: null,
  emailEnabled: true,
}

/** A reminder handed to its channels (see remindersHandOff.ts). */
export interface HandedOffReminder {
  id: number
  userId: number
  interviewId: number
  kind: ReminderKind
  lead: number
  dueAt: number
}

/** Everything a reminder says, read at send time so it reflects the latest state. */
export interface ReminderContext {
  interview: {
    id: number
    company: string
    role: string
    endsAt: number
    timeZone: string
    followUpState: FollowUpState
    outcome: Outcome
  }
  user: { id: number; name: string; email: string; timeZone: string }
  /** The one address reminders go to. */
  address: string
  /** Missed or shaky questions not researched yet. */
  questions: { id: number; text: string; confidence: string }[]
  /** Interviewers not thanked yet; email is '' when none is known. */
  interviewers: { id: number; name: string; title: string; email: string }[]
}

export interface ReminderRow {
  id: number
  user_id: number
  interview_id: number
  kind: ReminderKind
  lead: number
  due_at: number
  state: ReminderState
  attempts: number
  next_attempt_at: number
  lease_until: number | null
  last_error: string | null
  message_id: string | null
  sent_at: number | null
  company?: string
  role?: string
}

export function prefsFromSettings(settings: ReminderSettings, timeZone: string): ReminderPrefs {
  return {
    timeZone,
    leads: settings.leads,
    researchEnabled: settings.researchEnabled,
    overdueEnabled: settings.overdueEnabled,
    quietHours: settings.quietHours,
  }
}

const MAX_ERROR_LENGTH = 500
/** Errors are recorded for people to read, not as a log: the first 500 characters say enough. */
export const clipError = (text: string) =>
  text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text
