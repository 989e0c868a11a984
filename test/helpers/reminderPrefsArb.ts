import fc from 'fast-check'
import { MAX_LEAD_MINUTES, MIN_LEAD_MINUTES, type QuietHours } from '../../src/domain/reminderPlan.js'

/**
 * Reminder settings as a user could save them: one of `zones`, up to `maxLeads` distinct deadline leads in the
 * allowed range, each nudge on or off, and quiet hours as `quietHours` draws them.
 */
export const reminderPrefsArb = (
  zones: readonly string[],
  maxLeads: number,
  quietHours: fc.Arbitrary<QuietHours | null>,
) =>
  fc.record({
    timeZone: fc.constantFrom(...zones),
    leads: fc.uniqueArray(fc.integer({ min: MIN_LEAD_MINUTES, max: MAX_LEAD_MINUTES }), {
      maxLength: maxLeads,
    }),
    researchEnabled: fc.boolean(),
    overdueEnabled: fc.boolean(),
    quietHours,
  })
