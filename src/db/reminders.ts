import type { Db } from './connection.js'
import { reminderContexts } from './remindersContext.js'
import { CLAIM_CANDIDATES_SQL, HAND_OFF_SQL, reminderHandOff } from './remindersHandOff.js'
import { ROWS_FOR_INTERVIEW_SQL, reminderPlanSync } from './remindersPlan.js'
import { LIST_FOR_INTERVIEW_SQL, reminderReads } from './remindersRead.js'
import { REACH_SQL, reminderSettingsStore } from './remindersSettings.js'

export * from './remindersTypes.js'
export { CLAIM_CANDIDATES_SQL }

/** Statements whose query plans the tests check. */
export const REMINDER_SQL = {
  rowsForInterview: ROWS_FOR_INTERVIEW_SQL,
  listForInterview: LIST_FOR_INTERVIEW_SQL,
  claimDue: HAND_OFF_SQL,
  reach: REACH_SQL,
} as const

/**
 * Reminder rows for interviews: the plan (remindersPlan), the user's settings, what people see
 * (remindersRead), the hand-off of due rows to their channels (remindersHandOff) and what a
 * reminder says at send time (remindersContext). One object, so callers elsewhere keep calling
 * `repos.reminders.syncForInterview` and friends.
 *
 * A row's state is its plan's: pending → sent (handed to its channels, one reminder_deliveries
 * row each, which carry the delivery state) | skipped (too late to help, or no channel on) |
 * cancelled (no longer wanted).
 */
export function remindersRepository(db: Db) {
  const store = reminderSettingsStore(db)
  return {
    ...reminderPlanSync(db, store.settings),
    ...store,
    ...reminderReads(db),
    ...reminderHandOff(db),
    ...reminderContexts(db, store.settings),
  }
}

export type RemindersRepository = ReturnType<typeof remindersRepository>
