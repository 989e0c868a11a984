import type { Db } from './connection.js'

export interface ReminderView {
  id: number
  kind: string
  lead: number
  dueAt: number
  state: string
  attempts: number
  lastError: string | null
  sentAt: number | null
}

/**
 * Reminder rows for interviews. The interviews repository calls syncForInterview inside
 * the same transaction as every change to an interview's times or follow-up state, so the
 * durable schedule can never disagree with the interview it belongs to.
 */
export function remindersRepository(_db: Db) {
  return {
    syncForInterview(_interviewId: number, _now: number): void {},
    listForInterview(_userId: number, _interviewId: number): ReminderView[] {
      return []
    },
  }
}

export type RemindersRepository = ReturnType<typeof remindersRepository>
