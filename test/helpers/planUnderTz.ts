// Run as a child process with a given TZ: prints the reminder plans of fixed interviews as JSON,
// plus the process's own UTC offset to prove the TZ setting took effect.
import { defaultPrefs, planAllReminders } from '../../src/domain/reminderPlan.js'

const cases = [
  ['2026-03-02T07:00:00Z', 'UTC'],
  ['2026-03-02T02:30:00Z', 'Asia/Kolkata'],
  ['2026-03-07T13:00:00Z', 'America/New_York'],
  ['2026-10-31T14:00:00Z', 'America/New_York'],
  ['2026-03-28T20:00:00Z', 'Europe/Berlin'],
  ['2026-06-15T23:45:00Z', 'Australia/Lord_Howe'],
] as const

const plans = cases.map(([endsAt, zone]) =>
  planAllReminders(
    { endsAt: Date.parse(endsAt), followUpState: 'open', outcome: 'pending' },
    { ...defaultPrefs(zone), leads: [720, 240, 60] },
  ),
)
process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset(), plans }))
