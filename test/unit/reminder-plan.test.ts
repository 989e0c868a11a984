import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { FOLLOW_UP_STATES, followUpDeadline, OUTCOMES } from '../../src/domain/interview.js'
import {
  defaultPrefs,
  OVERDUE_GRACE_MS,
  type PlanInterview,
  type PlannedReminder,
  planAllReminders,
  planReminders,
  RESEARCH_DELAY_MINUTES,
  type ReminderPrefs,
  wantsReminders,
} from '../../src/domain/reminderPlan.js'
import { reminderPrefsArb } from '../helpers/reminderPrefsArb.js'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const open = { followUpState: 'open', outcome: 'pending' } as const
const at = (iso: string) => Date.parse(iso)
const iso = (ms: number) => new Date(ms).toISOString()
const local = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ')
const byKind = (plan: PlannedReminder[]) =>
  Object.fromEntries(plan.map((r) => [`${r.kind}/${r.lead}`, iso(r.dueAt)]))

describe('planReminders: defaults', () => {
  it('plans a research nudge 1 h after the end, a reminder 4 h before the deadline and an overdue notice at it', () => {
    const endsAt = at('2026-03-02T15:00:00Z')
    const plan = planReminders({ ...open, endsAt }, defaultPrefs('UTC'), endsAt - HOUR)
    expect(byKind(plan)).toEqual({
      'research/0': '2026-03-02T16:00:00.000Z',
      'deadline/240': '2026-03-03T11:00:00.000Z',
      'overdue/0': '2026-03-03T15:00:00.000Z',
    })
  })

  it('plans nothing once the follow-up is done or not needed, or the interview is closed', () => {
    const endsAt = at('2026-03-02T15:00:00Z')
    for (const interview of [
      { endsAt, followUpState: 'done', outcome: 'pending' },
      { endsAt, followUpState: 'not_needed', outcome: 'pending' },
      { endsAt, followUpState: 'open', outcome: 'offer' },
      { endsAt, followUpState: 'open', outcome: 'rejected' },
      { endsAt, followUpState: 'open', outcome: 'withdrawn' },
    ] as PlanInterview[]) {
      expect(planReminders(interview, defaultPrefs('UTC'), endsAt)).toEqual([])
    }
    expect(
      planReminders({ endsAt, followUpState: 'open', outcome: 'no_answer' }, defaultPrefs('UTC'), endsAt),
    ).toHaveLength(3)
  })

  it('creates no reminder whose moment has passed, except an overdue notice within its grace period', () => {
    const endsAt = at('2026-03-02T15:00:00Z')
    const deadline = followUpDeadline(endsAt)
    const prefs = { ...defaultPrefs('UTC'), quietHours: null }
    expect(planReminders({ ...open, endsAt }, prefs, endsAt + 2 * HOUR).map((r) => r.kind)).toEqual([
      'deadline',
      'overdue',
    ])
    expect(planReminders({ ...open, endsAt }, prefs, deadline - 3 * HOUR).map((r) => r.kind)).toEqual([
      'overdue',
    ])
    expect(planReminders({ ...open, endsAt }, prefs, deadline + HOUR).map((r) => r.kind)).toEqual(['overdue'])
    expect(planReminders({ ...open, endsAt }, prefs, deadline + OVERDUE_GRACE_MS)).toEqual([])
    // Exactly at its moment a reminder is still created (it is due now, not past).
    expect(planReminders({ ...open, endsAt }, prefs, deadline - 4 * HOUR).map((r) => r.kind)).toEqual([
      'deadline',
      'overdue',
    ])
  })

  it('honours several leads and the switches', () => {
    const endsAt = at('2026-03-02T12:00:00Z')
    const prefs: ReminderPrefs = {
      timeZone: 'UTC',
      leads: [60, 720, 240, 240],
      researchEnabled: false,
      overdueEnabled: false,
      quietHours: null,
    }
    expect(byKind(planReminders({ ...open, endsAt }, prefs, endsAt))).toEqual({
      'deadline/720': '2026-03-03T00:00:00.000Z',
      'deadline/240': '2026-03-03T08:00:00.000Z',
      'deadline/60': '2026-03-03T11:00:00.000Z',
    })
  })
})

describe('planReminders: quiet hours', () => {
  it('moves a 03:00 reminder to just before quiet hours start the evening before (21:59)', () => {
    const endsAt = at('2026-03-02T07:00:00Z') // deadline 03-03 07:00, 4 h before = 03:00
    const plan = planReminders({ ...open, endsAt }, defaultPrefs('UTC'), endsAt)
    expect(byKind(plan)['deadline/240']).toBe('2026-03-02T21:59:00.000Z')
  })

  it('applies quiet hours in the user zone, not UTC', () => {
    // 4 h before the deadline is 03:00 UTC = 08:30 in Kolkata: awake there.
    const endsAt = at('2026-03-02T07:00:00Z')
    expect(
      byKind(planReminders({ ...open, endsAt }, defaultPrefs('Asia/Kolkata'), endsAt))['deadline/240'],
    ).toBe('2026-03-03T03:00:00.000Z')
    // 4 h before is 22:30 UTC = 04:00 in Kolkata: moved to 21:59 Kolkata = 16:29 UTC.
    const late = at('2026-03-02T02:30:00Z')
    const moved = planReminders({ ...open, endsAt: late }, defaultPrefs('Asia/Kolkata'), late).find(
      (r) => r.kind === 'deadline',
    )!
    expect(local(moved.dueAt, 'Asia/Kolkata')).toBe('2026-03-02 21:59 +05:30')
  })

  it('waits for the morning with the overdue notice instead of sending it before the deadline', () => {
    const endsAt = at('2026-03-02T02:00:00Z') // deadline 03-03 02:00, inside quiet hours
    const overdue = planReminders({ ...open, endsAt }, defaultPrefs('UTC'), endsAt).find(
      (r) => r.kind === 'overdue',
    )!
    expect(iso(overdue.dueAt)).toBe('2026-03-03T07:00:00.000Z')
  })

  it('sends the research nudge next morning when the interview ended during quiet hours', () => {
    const endsAt = at('2026-03-02T23:00:00Z')
    const research = planReminders({ ...open, endsAt }, defaultPrefs('UTC'), endsAt).find(
      (r) => r.kind === 'research',
    )!
    expect(iso(research.dueAt)).toBe('2026-03-03T07:00:00.000Z')
  })

  it('merges leads that land on the same minute into the longest one', () => {
    const endsAt = at('2026-03-02T07:00:00Z') // 4 h and 2 h before: 03:00 and 05:00, both moved to 21:59
    const prefs = { ...defaultPrefs('UTC'), leads: [120, 240, 720] }
    expect(byKind(planReminders({ ...open, endsAt }, prefs, endsAt))).toEqual({
      'research/0': '2026-03-02T08:00:00.000Z',
      'deadline/720': '2026-03-02T19:00:00.000Z',
      'deadline/240': '2026-03-02T21:59:00.000Z',
      'overdue/0': '2026-03-03T07:00:00.000Z',
    })
  })

  it('supports a daytime window and no window', () => {
    const endsAt = at('2026-03-02T07:00:00Z')
    const day = { ...defaultPrefs('UTC'), quietHours: { start: 12 * 60, end: 14 * 60 } }
    expect(byKind(planReminders({ ...open, endsAt }, day, endsAt))['deadline/240']).toBe(
      '2026-03-03T03:00:00.000Z',
    )
    const nominal = { ...defaultPrefs('UTC'), quietHours: null }
    expect(byKind(planReminders({ ...open, endsAt }, nominal, endsAt))['deadline/240']).toBe(
      '2026-03-03T03:00:00.000Z',
    )
  })
})

describe('planReminders: DST in America/New_York', () => {
  const zone = 'America/New_York'

  it('spring forward (8 Mar 2026): quiet hours stay wall-clock across the missing hour', () => {
    // Ends 08:00 EST on 7 Mar; the deadline is 09:00 EDT on 8 Mar (24 elapsed hours, 25 on the wall clock).
    const endsAt = at('2026-03-07T13:00:00Z')
    const plan = planReminders({ ...open, endsAt }, { ...defaultPrefs(zone), leads: [240, 720] }, endsAt)
    const times = Object.fromEntries(plan.map((r) => [`${r.kind}/${r.lead}`, local(r.dueAt, zone)]))
    expect(times).toEqual({
      'research/0': '2026-03-07 09:00 -05:00',
      'deadline/720': '2026-03-07 20:00 -05:00',
      // 4 h before is 05:00 EDT, in quiet hours: moved to 21:59 EST the evening before.
      'deadline/240': '2026-03-07 21:59 -05:00',
      'overdue/0': '2026-03-08 09:00 -04:00',
    })
    expect(iso(plan.find((r) => r.kind === 'overdue')!.dueAt)).toBe('2026-03-08T13:00:00.000Z')
  })

  it('spring forward: the end of quiet hours is found although 02:00-03:00 never happens', () => {
    // Deadline 04:00 EDT on 8 Mar, in quiet hours: the overdue notice waits for 07:00 EDT.
    const endsAt = at('2026-03-07T09:00:00Z')
    const overdue = planReminders({ ...open, endsAt }, defaultPrefs(zone), endsAt).find(
      (r) => r.kind === 'overdue',
    )!
    expect(local(overdue.dueAt, zone)).toBe('2026-03-08 07:00 -04:00')
    // Quiet hours from 02:30, inside the missing hour, begin when the clocks jump (03:00 EDT):
    // a reminder at 04:00 EDT moves to 01:59 EST, the last minute before the jump.
    const gap = { ...defaultPrefs(zone), quietHours: { start: 2 * 60 + 30, end: 6 * 60 } }
    const endsAtNoon = at('2026-03-07T12:00:00Z') // deadline 08:00 EDT on 8 Mar; 4 h before = 04:00 EDT
    const moved = planReminders({ ...open, endsAt: endsAtNoon }, gap, 0).find((r) => r.kind === 'deadline')!
    expect(local(moved.dueAt, zone)).toBe('2026-03-08 01:59 -05:00')
    expect(iso(moved.dueAt)).toBe('2026-03-08T06:59:00.000Z')
  })

  it('fall back (1 Nov 2026): the repeated hour is quiet and the morning is found in EST', () => {
    // Ends 10:00 EDT on 31 Oct; deadline 09:00 EST on 1 Nov; 4 h before = 05:00 EST.
    const endsAt = at('2026-10-31T14:00:00Z')
    const plan = planReminders({ ...open, endsAt }, defaultPrefs(zone), endsAt)
    const times = Object.fromEntries(plan.map((r) => [`${r.kind}/${r.lead}`, local(r.dueAt, zone)]))
    expect(times).toEqual({
      'research/0': '2026-10-31 11:00 -04:00',
      'deadline/240': '2026-10-31 21:59 -04:00',
      'overdue/0': '2026-11-01 09:00 -05:00',
    })
    // A deadline at 01:30 EST (the second 01:30) waits for 07:00 EST.
    const late = at('2026-10-31T06:30:00Z')
    const overdue = planReminders({ ...open, endsAt: late }, defaultPrefs(zone), late).find(
      (r) => r.kind === 'overdue',
    )!
    expect(local(overdue.dueAt, zone)).toBe('2026-11-01 07:00 -05:00')
  })

  it('sends the overdue notice at the deadline when the only waking minute falls in the missing hour', () => {
    // Quiet 03:00-02:59 leaves 02:59 awake; on 8 Mar 2026 St. John's jumps from 02:00 to 03:00,
    // so the next waking minute would be 02:59 on 9 Mar, a whole day after the deadline.
    const stJohns = 'America/St_Johns'
    const prefs: ReminderPrefs = {
      ...defaultPrefs(stJohns),
      leads: [],
      researchEnabled: false,
      quietHours: { start: 3 * 60, end: 2 * 60 + 59 },
    }
    const endsAt = at('2026-03-07T05:29:00Z') // deadline 01:59 NST on 8 Mar, in quiet hours
    const [overdue] = planAllReminders({ ...open, endsAt }, prefs)
    expect(local(overdue!.dueAt, stJohns)).toBe('2026-03-08 01:59 -03:30')
    // A day earlier the waking minute exists, and the notice waits for it.
    const dayBefore = planAllReminders({ ...open, endsAt: endsAt - 24 * HOUR }, prefs)
    expect(local(dayBefore[0]!.dueAt, stJohns)).toBe('2026-03-07 02:59 -03:30')
  })
})

// --- properties ---------------------------------------------------------------------------

const ZONES = [
  'UTC',
  'America/New_York',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'America/St_Johns',
  'Pacific/Chatham',
  'America/Sao_Paulo',
  'Europe/London',
]

// Around DST changes (US, EU, Newfoundland, Lord Howe's half hour, Chatham) most of the edge cases live.
const TRANSITIONS = [
  '2026-03-08T07:00:00Z',
  '2026-11-01T06:00:00Z',
  '2026-03-29T01:00:00Z',
  '2026-10-25T01:00:00Z',
  '2026-03-08T05:30:00Z',
  '2026-04-04T15:00:00Z',
  '2026-10-03T15:30:00Z',
  '2026-04-04T14:00:00Z',
  '2026-09-26T14:00:00Z',
].map(at)
const endsAtArb = fc.oneof(
  fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2028-12-31T00:00:00Z') }),
  fc
    .tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -48 * 60, max: 48 * 60 }))
    .map(([t, minutes]) => t + minutes * MINUTE),
)
const interviewArb = fc.record({
  endsAt: endsAtArb,
  followUpState: fc.constantFrom(...FOLLOW_UP_STATES),
  outcome: fc.constantFrom(...OUTCOMES),
})
const openInterviewArb = fc.record({
  endsAt: endsAtArb,
  followUpState: fc.constant('open' as const),
  outcome: fc.constantFrom('pending' as const, 'no_answer' as const),
})
const quietArb = fc.option(
  fc.record({ start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 0, max: 1439 }) }),
  { nil: null },
)
const prefsArb = reminderPrefsArb(ZONES, 6, quietArb)

function nominal(reminder: PlannedReminder, endsAt: number): number {
  const deadline = followUpDeadline(endsAt)
  if (reminder.kind === 'research') return endsAt + RESEARCH_DELAY_MINUTES * MINUTE
  if (reminder.kind === 'deadline') return deadline - reminder.lead * MINUTE
  return deadline
}

describe('planReminders: properties', () => {
  it('plans nothing unless a follow-up is still owed; otherwise one row per kind and lead', () => {
    fc.assert(
      fc.property(interviewArb, prefsArb, (interview, prefs) => {
        const plan = planAllReminders(interview, prefs)
        if (!wantsReminders(interview)) return plan.length === 0
        const keys = plan.map((r) => `${r.kind}/${r.lead}`)
        return new Set(keys).size === keys.length
      }),
      { numRuns: 300 },
    )
  })

  it('keeps research and deadline reminders between the end and the deadline, and the overdue notice at or after it', () => {
    fc.assert(
      fc.property(openInterviewArb, prefsArb, (interview, prefs) => {
        const deadline = followUpDeadline(interview.endsAt)
        for (const r of planAllReminders(interview, prefs)) {
          if (r.kind === 'overdue') {
            expect(r.dueAt).toBeGreaterThanOrEqual(deadline)
            expect(r.dueAt - deadline).toBeLessThan(24 * HOUR)
          } else {
            expect(r.dueAt).toBeGreaterThanOrEqual(interview.endsAt)
            expect(r.dueAt).toBeLessThan(deadline)
          }
        }
      }),
      { numRuns: 500 },
    )
  })

  it('without quiet hours every reminder is exactly at its nominal moment', () => {
    fc.assert(
      fc.property(openInterviewArb, prefsArb, (interview, prefs) => {
        const plan = planAllReminders(interview, { ...prefs, quietHours: null })
        for (const r of plan) expect(r.dueAt).toBe(nominal(r, interview.endsAt))
        expect(plan.filter((r) => r.kind === 'deadline')).toHaveLength(prefs.leads.length)
      }),
      { numRuns: 300 },
    )
  })

  it('gives every deadline reminder its own minute', () => {
    fc.assert(
      fc.property(openInterviewArb, prefsArb, (interview, prefs) => {
        const times = planAllReminders(interview, prefs)
          .filter((r) => r.kind === 'deadline')
          .map((r) => r.dueAt)
        return new Set(times).size === times.length
      }),
      { numRuns: 300 },
    )
  })
  // Quiet-hour moves and the plan at a given moment are checked against wall clocks read
  // through Intl in reminder-plan-oracle.test.ts.
})
