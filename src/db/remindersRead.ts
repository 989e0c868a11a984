import { reminderLabel } from '../domain/reminderPlan.js'
import type { Db } from './connection.js'
import { keyedRows } from './keyedRows.js'
import type {
  ChannelName,
  ChannelState,
  ReminderRow,
  ReminderView,
  UserReminderView,
} from './remindersTypes.js'

const VIEW_COLUMNS =
  'r.id, r.user_id, r.interview_id, r.kind, r.lead, r.due_at, r.state, r.attempts, r.next_attempt_at, r.lease_until, r.last_error, r.message_id, r.sent_at'

const KIND_ORDER = "CASE r.kind WHEN 'research' THEN 0 WHEN 'deadline' THEN 1 ELSE 2 END"

/** The interview page's reminders: a search of the (interview_id, kind, lead) key, as the re-plan's. */
export const LIST_FOR_INTERVIEW_SQL = `SELECT ${VIEW_COLUMNS} FROM reminders r WHERE r.interview_id = ? AND +r.user_id = ?
     ORDER BY r.due_at, ${KIND_ORDER}, r.lead DESC`

/** Which channel state speaks for the reminder as a whole: trouble first, then what is still under way. */
const STATE_RANK = ['failed', 'sending', 'pending', 'sent', 'skipped', 'cancelled']
const CHANNEL_ORDER: Record<ChannelName, number> = { email: 0, push: 1, webhook: 2 }

interface ChannelRow {
  id: number
  reminder_id: number
  channel: ChannelName
  state: string
  attempts: number
  next_attempt_at: number
  last_error: string | null
  sent_at: number | null
  message_id: string | null
  name: string | null
}

function toView(row: ReminderRow): ReminderView {
  return {
    channels: [],
    id: row.id,
    kind: row.kind,
    lead: row.lead,
    dueAt: row.due_at,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    sentAt: row.sent_at,
    nextAttemptAt: row.next_attempt_at,
    messageId: row.message_id,
    label: reminderLabel(row.kind, row.lead),
  }
}

/** A handed-off reminder reads as its channels: its state is theirs, its details the e-mail's. */
function withDeliveries(view: ReminderView, rows: ChannelRow[]): void {
  rows.sort((a, b) => CHANNEL_ORDER[a.channel] - CHANNEL_ORDER[b.channel] || a.id - b.id)
  view.channels = rows.map((row) => ({
    channel: row.channel,
    deliveryId: row.id,
    label:
      row.channel === 'email'
        ? 'E-mail'
        : row.channel === 'webhook'
          ? 'Webhook'
          : (row.name ?? 'Removed browser'),
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  }))
  if (view.state !== 'sent' || rows.length === 0) return
  view.state = STATE_RANK.find((state) => rows.some((row) => row.state === state)) ?? view.state
  const lead = rows.find((row) => row.channel === 'email') ?? (rows[0] as ChannelRow)
  view.attempts = lead.attempts
  view.lastError = lead.last_error
  view.sentAt = lead.sent_at
  view.nextAttemptAt = lead.next_attempt_at
  view.messageId = lead.message_id
}

/** Reminders as people see them: each with every channel's delivery. */
export function reminderReads(db: Db) {
  const listForInterview = keyedRows<ReminderRow>(db.prepare(LIST_FOR_INTERVIEW_SQL))
  const listForUser = db.prepare(
    `SELECT ${VIEW_COLUMNS}, i.company, i.role FROM reminders r JOIN interviews i ON i.id = r.interview_id
     WHERE r.user_id = @userId AND (r.state IN ('pending', 'sending', 'failed') OR r.updated_at >= @since
       OR EXISTS (SELECT 1 FROM reminder_deliveries d WHERE d.reminder_id = r.id
         AND (d.state IN ('pending', 'sending', 'failed') OR d.updated_at >= @since)))
     ORDER BY CASE WHEN r.state = 'failed' OR EXISTS (SELECT 1 FROM reminder_deliveries d
         WHERE d.reminder_id = r.id AND d.state = 'failed') THEN 0 ELSE 1 END, r.due_at DESC, r.id DESC LIMIT @limit`,
  )
  const channelRows = db.prepare(
    `SELECT d.id, d.reminder_id, d.channel, d.state, d.attempts, d.next_attempt_at, d.last_error, d.sent_at, d.message_id, s.name
     FROM reminder_deliveries d
     LEFT JOIN push_subscriptions s ON d.channel = 'push' AND s.id = CAST(d.target AS INTEGER)
     WHERE d.user_id = ? AND d.reminder_id IN (SELECT value FROM json_each(?))
     ORDER BY d.reminder_id, d.id`,
  )
  const interviewOwned = db.prepare('SELECT 1 FROM interviews WHERE id = ? AND user_id = ?').pluck()
  // Every failed channel of the reminder goes again (and a row failed before channels existed).
  const retryDeliveries = db.prepare(
    `UPDATE reminder_deliveries SET state = 'pending', next_attempt_at = max(due_at, @now), lease_until = NULL, updated_at = @now
     WHERE reminder_id = @id AND user_id = @userId AND state = 'failed'`,
  )
  const retryRow = db.prepare(
    `UPDATE reminders SET state = 'pending', next_attempt_at = max(due_at, @now), lease_until = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'failed'`,
  )
  const interviewOf = db.prepare('SELECT interview_id FROM reminders WHERE id = ? AND user_id = ?').pluck()

  const withChannels = <T extends ReminderView>(userId: number, views: T[]): T[] => {
    if (views.length === 0) return views
    const rows = channelRows.all(userId, JSON.stringify(views.map((v) => v.id))) as ChannelRow[]
    const byReminder = new Map<number, ChannelRow[]>()
    for (const row of rows) byReminder.set(row.reminder_id, [...(byReminder.get(row.reminder_id) ?? []), row])
    for (const view of views) withDeliveries(view, byReminder.get(view.id) ?? [])
    return views
  }

  return {
    listForInterview(userId: number, interviewId: number): ReminderView[] {
      return withChannels(userId, listForInterview.all(interviewId, userId).map(toView))
    },

    /** Open, failed and recently settled reminders of all the user's interviews, failed first. */
    listForUser(userId: number, now: number, limit = 100): UserReminderView[] {
      return withChannels(
        userId,
        (listForUser.all({ userId, since: now - 7 * 86_400_000, limit }) as ReminderRow[]).map((row) => ({
          ...toView(row),
          interviewId: row.interview_id,
          company: row.company ?? '',
          role: row.role ?? '',
        })),
      )
    },

    interviewBelongsTo: (userId: number, interviewId: number) =>
      interviewOwned.get(interviewId, userId) === 1,

    /** Every failed channel of a reminder back to pending, due now. Returns its interview's id, or undefined if nothing failed. */
    retry: db.transaction((userId: number, reminderId: number, now: number): number | undefined => {
      const changed =
        retryDeliveries.run({ id: reminderId, userId, now }).changes +
        retryRow.run({ id: reminderId, userId, now }).changes
      return changed > 0 ? (interviewOf.get(reminderId, userId) as number) : undefined
    }),
  }
}

export type { ChannelState }
