// Run as a child process with a given TZ: prints the study reminder instants of fixed days as JSON,
// plus the process's own UTC offset to prove the TZ setting took effect.
import { nudgeInstant } from '../../src/domain/studyNudge.js'

const days = ['2026-03-07', '2026-03-08', '2026-03-09', '2026-10-31', '2026-11-01', '2026-11-02']
const quiet = { start: 22 * 60, end: 7 * 60 }
const instants = days.map((day) => [
  nudgeInstant(day, 19 * 60, 'America/New_York', quiet),
  nudgeInstant(day, 23 * 60, 'America/New_York', quiet),
])
process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), instants }))
