import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hasOpenDeadline } from '../../src/domain/calendar.js'
import { FOLLOW_UP_STATES, followUpOwed, interviewStatus, OUTCOMES } from '../../src/domain/interview.js'
import { wantsReminders } from '../../src/domain/reminderPlan.js'

const interview = fc.record({
  endsAt: fc.integer({ min: 0, max: 2_000_000_000_000 }),
  outcome: fc.constantFrom(...OUTCOMES),
  followUpState: fc.constantFrom(...FOLLOW_UP_STATES),
})

describe('a follow-up is still owed', () => {
  it('exactly when a finished interview is awaiting its follow-up', () => {
    fc.assert(
      fc.property(interview, fc.nat(1_000_000_000), (i, after) => {
        expect(followUpOwed(i)).toBe(interviewStatus(i, i.endsAt + after) === 'awaiting_follow_up')
      }),
    )
  })

  it('by the table: open and not closed by an offer, a rejection or a withdrawal', () => {
    expect(followUpOwed({ followUpState: 'open', outcome: 'pending' })).toBe(true)
    expect(followUpOwed({ followUpState: 'open', outcome: 'no_answer' })).toBe(true)
    for (const outcome of ['offer', 'rejected', 'withdrawn'] as const)
      expect(followUpOwed({ followUpState: 'open', outcome })).toBe(false)
    for (const followUpState of ['done', 'not_needed'] as const)
      expect(followUpOwed({ followUpState, outcome: 'pending' })).toBe(false)
  })

  it('is the rule reminders and the calendar feed follow', () => {
    fc.assert(
      fc.property(interview, (i) => {
        expect(wantsReminders(i)).toBe(followUpOwed(i))
        expect(hasOpenDeadline(i)).toBe(followUpOwed(i))
      }),
    )
  })
})
