import type { Db } from '../db/connection.js'

export function reminderReport(_db: Db, _now: number): string {
  return 'No reminders.'
}
