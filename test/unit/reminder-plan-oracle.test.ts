import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  defaultPrefs,
  type PlannedReminder,
  planAllReminders,
  planReminders,
  type QuietHours,
} from '../../src/domain/reminderPlan.js'
import {
  instantsNear,
  minuteOfDay,
  quietByIntl,
  TRANSITIONS_2026,
  TRICKY_ZONES,
} from '../helpers/intlClock.js'
import { reminderPrefsArb } from '../helpers/reminderPrefsArb.js'

// The rules as the README states them, with the numbers written out rather than imported.
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const open = { followUpState: 'open', outcome: 'pending' } as const
const at = (iso: string) => Date.parse(iso)

/** Where a reminder belongs before quiet hours move it. */
function nominal(r: PlannedReminder, endsAt: number): number {
  if (r.kind === 'research') return endsAt + HOUR
  if (r.kind === 'deadline') return endsAt + DAY - r.lead * MINUTE
  return endsAt + DAY
}

describe('reminder plans against hand-computed instants around clock changes (default prefs)', () => {
  // Quiet 22:00-07:00, one reminder 4 h before the deadline; worked out from the transition times.
  const cases = [
    {
      // Clocks go from 01:00 GMT to 02:00 BST on 29 Mar. Research at 06:00 GMT is quiet and moving it
      // earlier would precede the end, so 07:00 GMT; D − 4 h = 02:00 BST → 21:59 GMT; D = 06:00 BST → 07:00 BST.
      zone: 'Europe/London',
      endsAt: '2026-03-28T05:00:00Z',
      research: '2026-03-28T07:00:00Z',
      deadline: '2026-03-28T21:59:00Z',
      overdue: '2026-03-29T06:00:00Z',
    },
    {
      // Ends 06:00 LHDT (+11) on 4 Apr; at 02:00 LHDT on 5 Apr clocks go back to 01:30 LHST (+10:30).
      // Research 07:00 LHDT (awake); D − 4 h = 01:30 LHST → 21:59 LHDT on 4 Apr; D = 05:30 LHST → 07:00 LHST.
      zone: 'Australia/Lord_Howe',
      endsAt: '2026-04-03T19:00:00Z',
      research: '2026-04-03T20:00:00Z',
      deadline: '2026-04-04T10:59:00Z',
      overdue: '2026-04-04T20:30:00Z',
    },
    {
      // Ends 05:00 NDT (−2:30) on 31 Oct; at 02:00 NDT on 1 Nov clocks go back to 01:00 NST (−3:30).
      // Research 06:00 NDT → 07:00 NDT; D − 4 h = 01:00 NDT → 21:59 NDT on 31 Oct; D = 04:00 NST → 07:00 NST.
      zone: 'America/St_Johns',
      endsAt: '2026-10-31T07:30:00Z',
      research: '2026-10-31T09:30:00Z',
      deadline: '2026-11-01T00:29:00Z',
      overdue: '2026-11-01T10:30:00Z',
    },
    {
      // No DST: ends 05:30 IST; research 06:30 → 07:00; D − 4 h = 01:30 → 21:59 the evening before;
      // D = 05:30 → 07:00.
      zone: 'Asia/Kolkata',
      endsAt: '2026-03-02T00:00:00Z',
      research: '2026-03-02T01:30:00Z',
      deadline: '2026-03-02T16:29:00Z',
      overdue: '2026-03-03T01:30:00Z',
    },
  ]
  it.each(cases)('$zone, ending $endsAt', ({ zone, endsAt, research, deadline, overdue }) => {
    const plan = planAllReminders({ ...open, endsAt: at(endsAt) }, defaultPrefs(zone))
    expect(plan.map((r) => [r.kind, new Date(r.dueAt).toISOString()])).toEqual([
      ['research', new Date(at(research)).toISOString()],
      ['deadline', new Date(at(deadline)).toISOString()],
      ['overdue', new Date(at(overdue)).toISOString()],
    ])
  })
})

// --- properties, checked with wall clocks read through Intl -------------------------------

const ZONES = [...TRICKY_ZONES, 'Asia/Kathmandu', 'Pacific/Chatham']
const NO_DST = new Set(['UTC', 'Asia/Kolkata', 'Asia/Kathmandu'])
// With Chatham's two changes of 2026.
const TRANSITIONS = [...TRANSITIONS_2026, at('2026-04-04T14:00:00Z'), at('2026-09-26T14:00:00Z')]
// Whole minutes, as entered.
const endsAtArb = instantsNear(
  TRANSITIONS,
  { from: '2025-01-01T00:00:00Z', to: '2028-12-31T00:00:00Z' },
  { before: 48 * 60, after: 24 * 60 },
)
const quietArb: fc.Arbitrary<QuietHours | null> = fc.oneof(
  fc.constant(null),
  fc.constant({ start: 22 * 60, end: 7 * 60 }),
  fc.record({ start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 0, max: 1439 }) }),
)
const prefsArb = reminderPrefsArb(ZONES, 4, quietArb)

describe('reminder plans: properties against Intl wall clocks', () => {
  it('every reminder falls between the end and the deadline, except the overdue notice, which is at or within a day after it', () => {
    fc.assert(
      fc.property(endsAtArb, prefsArb, (endsAt, prefs) => {
        const deadline = endsAt + DAY
        for (const r of planAllReminders({ ...open, endsAt }, prefs)) {
          if (r.kind === 'overdue') {
            expect(r.dueAt).toBeGreaterThanOrEqual(deadline)
            expect(r.dueAt).toBeLessThan(deadline + DAY)
          } else {
            expect(r.dueAt).toBeGreaterThanOrEqual(endsAt)
            expect(r.dueAt).toBeLessThan(deadline)
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a reminder whose moment is awake (read through Intl) is at exactly that moment: D − lead, end + 1 h, D', () => {
    fc.assert(
      fc.property(endsAtArb, prefsArb, (endsAt, prefs) => {
        const plan = planAllReminders({ ...open, endsAt }, prefs)
        for (const r of plan) {
          const n = nominal(r, endsAt)
          if (!quietByIntl(n, prefs.timeZone, prefs.quietHours)) expect(r.dueAt).toBe(n)
        }
        // Every lead that fits after the end is planned unless quiet hours merged it into another.
        const fitting = prefs.leads.filter((lead) => endsAt + DAY - lead * MINUTE >= endsAt)
        const deadlineRows = plan.filter((r) => r.kind === 'deadline')
        if (!prefs.quietHours) expect(deadlineRows.map((r) => r.lead).sort()).toEqual([...fitting].sort())
        expect(plan.some((r) => r.kind === 'research')).toBe(prefs.researchEnabled)
        expect(plan.some((r) => r.kind === 'overdue')).toBe(prefs.overdueEnabled)
      }),
      { numRuns: 300 },
    )
  })

  it('finds the waking minutes a repeated hour holds when the clocks go back', () => {
    // Quiet from 01:10 until midnight. The deadline is 01:59 EDT on 1 Nov 2026; at 02:00 EDT the
    // clocks go back to 01:00 EST, and 01:00-01:09 EST is awake: the notice goes at 01:00 EST,
    // not at the next midnight.
    const prefs = {
      timeZone: 'America/New_York',
      leads: [],
      researchEnabled: false,
      overdueEnabled: true,
      quietHours: { start: 70, end: 0 },
    }
    const endsAt = at('2026-10-31T05:59:00Z')
    expect(planAllReminders({ ...open, endsAt }, prefs)).toEqual([
      { kind: 'overdue', lead: 0, dueAt: at('2026-11-01T06:00:00Z') },
    ])
  })

  it('a reminder moved by quiet hours lands on a waking minute, at the edge of the quiet period it left', () => {
    fc.assert(
      fc.property(endsAtArb, prefsArb, (endsAt, prefs) => {
        const { timeZone: zone, quietHours: quiet } = prefs
        const deadline = endsAt + DAY
        for (const r of planAllReminders({ ...open, endsAt }, prefs)) {
          const n = nominal(r, endsAt)
          if (r.dueAt === n) continue
          expect(quiet).not.toBeNull()
          if (!quiet) return
          expect(quietByIntl(n, zone, quiet)).toBe(true)
          expect(quietByIntl(r.dueAt, zone, quiet)).toBe(false)
          expect(r.dueAt % MINUTE).toBe(0)
          if (r.dueAt < n) {
            // Earlier: the last waking minute, so the quiet period starts right after it …
            expect(r.kind).not.toBe('overdue')
            expect(quietByIntl(r.dueAt + MINUTE, zone, quiet)).toBe(true)
            if (NO_DST.has(zone)) expect((minuteOfDay(r.dueAt, zone) + 1) % 1440).toBe(quiet.start)
            // … and lasts until the nominal moment (sampled every 10 minutes).
            for (let t = r.dueAt + MINUTE; t < n; t += 10 * MINUTE)
              expect(quietByIntl(t, zone, quiet)).toBe(true)
          } else {
            // Later: the first waking minute after the quiet period.
            expect(quietByIntl(r.dueAt - MINUTE, zone, quiet)).toBe(true)
            for (let t = r.dueAt - MINUTE; t > n; t -= 10 * MINUTE)
              expect(quietByIntl(t, zone, quiet)).toBe(true)
            if (r.kind !== 'overdue') {
              // Only when moving earlier would have gone before the end, and never past the deadline.
              expect(quietByIntl(endsAt, zone, quiet)).toBe(true)
              expect(r.dueAt).toBeLessThan(deadline)
            }
          }
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a research or deadline reminder left in quiet hours has no waking minute to go to before the deadline', () => {
    fc.assert(
      fc.property(endsAtArb, prefsArb, (endsAt, prefs) => {
        const { timeZone: zone, quietHours: quiet } = prefs
        for (const r of planAllReminders({ ...open, endsAt }, prefs)) {
          if (r.kind === 'overdue' || !quietByIntl(r.dueAt, zone, quiet)) continue
          // Staying put is the last resort: the end and the minute before the deadline are quiet too.
          expect(r.dueAt).toBe(nominal(r, endsAt))
          expect(quietByIntl(endsAt, zone, quiet)).toBe(true)
          expect(quietByIntl(endsAt + DAY - MINUTE, zone, quiet)).toBe(true)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('at any moment, plans every reminder still ahead and none already past (overdue: within a day of it)', () => {
    fc.assert(
      fc.property(
        endsAtArb,
        prefsArb,
        fc.integer({ min: -2 * 24 * 60, max: 4 * 24 * 60 }),
        (endsAt, prefs, offset) => {
          const now = endsAt + offset * MINUTE
          const all = planAllReminders({ ...open, endsAt }, prefs)
          const planned = planReminders({ ...open, endsAt }, prefs, now)
          const key = (r: PlannedReminder) => `${r.kind}/${r.lead}/${r.dueAt}`
          const plannedKeys = new Set(planned.map(key))
          for (const r of planned) expect(all.map(key)).toContain(key(r))
          for (const r of all) {
            const ahead = r.kind === 'overdue' ? now < r.dueAt + DAY : r.dueAt >= now
            expect(plannedKeys.has(key(r)), `${key(r)} at ${now}`).toBe(ahead)
          }
        },
      ),
      { numRuns: 300 },
    )
  })
})
