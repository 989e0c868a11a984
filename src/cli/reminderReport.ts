import type { Db } from '../db/connection.js'
import { reminderReportRows } from '../db/reminderReport.js'
import { tableRow } from './terminalText.js'

const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

/**
 * For the `reminders` admin command: every pending, sending and failed reminder, failed first,
 * as plain text lines without a final newline (times in UTC). "late" marks pending rows past their due time.
 */
export function reminderReport(db: Db, now: number): string {
  const rows = reminderReportRows(db)
  if (rows.length === 0) return 'No pending or failed reminders.'
  const counts = new Map<string, number>()
  for (const row of rows) {
    const key = row.channel ? `${row.state} (${row.channel})` : row.state
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const lines = [
    [...counts].map(([state, n]) => `${n} ${state}`).join(', '),
    '',
    tableRow([
      'ID',
      'STATE',
      'DUE (UTC)',
      'NEXT TRY (UTC)',
      'TRIES',
      'USER',
      'INTERVIEW',
      'REMINDER',
      'LAST ERROR',
    ]),
  ]
  for (const row of rows) {
    const late = row.state === 'pending' && row.dueAt < now ? ' late' : ''
    // Company names, addresses and server answers are not ours: each cell is made safe for a terminal.
    lines.push(
      tableRow([
        row.id,
        row.state + late,
        utc(row.dueAt),
        utc(row.nextAttemptAt),
        row.attempts,
        row.user,
        row.company,
        row.channel ? `${row.label} (${row.channel})` : row.label,
        row.lastError ?? '',
      ]),
    )
  }
  return lines.join('\n')
}
