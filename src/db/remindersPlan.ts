import type { FollowUpState, Outcome } from '../domain/interview.js'
import { isStillPlannable, planAllReminders } from '../domain/reminderPlan.js'
import type { Db } from './connection.js'
import { newMessageKey } from './messageKey.js'
import { prefsFromSettings, type ReminderRow, type ReminderSettings } from './remindersTypes.js'

/**
 * One interview's rows for the re-plan: a search of the (interview_id, kind, lead) key. `+user_id`
 * is a filter, never an index column, so the plan cannot fall to reminders_by_user.
 */
export const ROWS_FOR_INTERVIEW_SQL =
  'SELECT id, kind, lead, due_at, state FROM reminders WHERE interview_id = ? AND +user_id = ?'

/**
 * Keeps an interview's reminder rows in line with what its times, follow-up state and the
 * user's settings imply. The interviews repository calls syncForInterview inside the same
 * transaction as every change to an interview, so the durable schedule can never disagree with
 * the interview it belongs to. Only rows not yet handed to their channels are re-timed.
 */
export function reminderPlanSync(db: Db, settingsFor: (userId: number) => ReminderSettings) {
  const interviewForSync = db.prepare(
    `SELECT i.id, i.user_id, i.ends_at, i.follow_up_state, i.outcome, u.time_zone
     FROM interviews i JOIN users u ON u.id = i.user_id WHERE i.id = ?`,
  )
  const rowsForInterview = db.prepare(ROWS_FOR_INTERVIEW_SQL)
  const insert = db.prepare(
    `INSERT INTO reminders (user_id, interview_id, kind, lead, due_at, next_attempt_at, state, message_key, created_at, updated_at)
     VALUES (@userId, @interviewId, @kind, @lead, @dueAt, @dueAt, 'pending', @messageKey, @now, @now)`,
  )
  // Also revives cancelled and skipped rows whose reminder is wanted again.
  const retime = db.prepare(
    `UPDATE reminders SET state = 'pending', due_at = @dueAt, next_attempt_at = @dueAt, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state IN ('pending', 'cancelled', 'skipped')`,
  )
  const cancel = db.prepare(
    `UPDATE reminders SET state = 'cancelled', lease_until = NULL, updated_at = ?
     WHERE id = ? AND state IN ('pending', 'failed')`,
  )
  // A handed-off reminder no longer wanted: what has not gone out yet on any channel never will.
  const cancelDeliveries = db.prepare(
    `UPDATE reminder_deliveries SET state = 'cancelled', updated_at = ?
     WHERE reminder_id = ? AND state IN ('pending', 'failed')`,
  )
  const interviewsToResync = db
    .prepare(
      `SELECT id FROM interviews WHERE user_id = @userId AND follow_up_state = 'open' AND ends_at > @since
     UNION SELECT interview_id FROM reminders WHERE user_id = @userId AND state IN ('pending', 'failed', 'cancelled', 'skipped')
       AND due_at > @since`,
    )
    .pluck()

  const syncForInterview = db.transaction((interviewId: number, now: number): void => {
    const interview = interviewForSync.get(interviewId) as
      | {
          id: number
          user_id: number
          ends_at: number
          follow_up_state: FollowUpState
          outcome: Outcome
          time_zone: string
        }
      | undefined
    // A deleted interview took its reminders with it (ON DELETE CASCADE).
    if (!interview) return
    const prefs = prefsFromSettings(settingsFor(interview.user_id), interview.time_zone)
    const planned = planAllReminders(
      { endsAt: interview.ends_at, followUpState: interview.follow_up_state, outcome: interview.outcome },
      prefs,
    )
    const existing = rowsForInterview.all(interviewId, interview.user_id) as Pick<
      ReminderRow,
      'id' | 'kind' | 'lead' | 'due_at' | 'state'
    >[]
    const key = (kind: string, lead: number) => `${kind}:${lead}`
    const byKey = new Map(existing.map((row) => [key(row.kind, row.lead), row]))
    const wanted = new Set<string>()
    for (const reminder of planned) {
      const k = key(reminder.kind, reminder.lead)
      wanted.add(k)
      const row = byKey.get(k)
      const plannable = isStillPlannable(reminder, now)
      if (!row) {
        if (plannable)
          insert.run({
            userId: interview.user_id,
            interviewId,
            kind: reminder.kind,
            lead: reminder.lead,
            dueAt: reminder.dueAt,
            messageKey: newMessageKey(),
            now,
          })
      } else if (row.state === 'pending') {
        // Unchanged rows stay even when their moment has passed: that is a catch-up after downtime.
        if (row.due_at === reminder.dueAt) continue
        if (plannable) retime.run({ id: row.id, dueAt: reminder.dueAt, now })
        else cancel.run(now, row.id)
      } else if ((row.state === 'cancelled' || row.state === 'skipped') && plannable) {
        retime.run({ id: row.id, dueAt: reminder.dueAt, now })
      }
      // Handed-off rows ('sent') live on in their deliveries: never re-timed.
    }
    for (const row of existing) {
      if (wanted.has(key(row.kind, row.lead))) continue
      cancel.run(now, row.id)
      cancelDeliveries.run(now, row.id)
    }
  })

  return {
    syncForInterview(interviewId: number, now: number): void {
      syncForInterview(interviewId, now)
    },

    /** Re-plans every interview of the user that can still have reminders (after a settings or time-zone change). */
    syncForUser: db.transaction((userId: number, now: number): number => {
      // Interviews whose overdue grace ended more than a day ago cannot gain or lose reminders.
      const since = now - 3 * 86_400_000
      const ids = interviewsToResync.all({ userId, since }) as number[]
      for (const id of ids) syncForInterview(id, now)
      return ids.length
    }),
  }
}
