import { DateTime } from 'luxon'
import { expect } from 'vitest'
import { pass, type ReminderCtx } from './reminderHarness.js'

/** Reads a wall-clock time ('2026-03-02T08:00') in `zone` as an instant. */
export const wallClock = (zone: string) => (iso: string) => DateTime.fromISO(iso, { zone }).toMillis()

interface OnceADay {
  zone: string
  /** The local hour the message is planned for. */
  hour: number
  /** A local hour earlier that day: each stretch starts with a pass then, which plans its first day. */
  startHour: number
  /** Runs of consecutive days, each from its first local date. */
  stretches: readonly (readonly [firstDay: string, days: number])[]
  /** The messages sent so far, oldest first. */
  sent: () => readonly { created_at: number }[]
}

/**
 * A once-a-day message goes at `hour` local time on every day of each stretch (DST changes
 * included): none a minute before, exactly one at the hour even after a second pass, and
 * that one stamped with the local hour.
 */
export async function expectOnceADayAt(ctx: ReminderCtx, o: OnceADay): Promise<void> {
  for (const [firstDay, days] of o.stretches) {
    const start = DateTime.fromISO(firstDay, { zone: o.zone })
    ctx.clock.set(start.set({ hour: o.startHour }).toMillis())
    await pass(ctx)
    for (let i = 0; i < days; i++) {
      const date = start.plus({ days: i })
      ctx.clock.set(date.set({ hour: o.hour - 1, minute: 59 }).toMillis())
      await pass(ctx)
      const before = o.sent().length
      ctx.clock.set(date.set({ hour: o.hour }).toMillis())
      await pass(ctx)
      await pass(ctx)
      const sent = o.sent()
      expect(sent).toHaveLength(before + 1)
      expect(
        DateTime.fromMillis(sent.at(-1)?.created_at ?? 0, { zone: o.zone }).toFormat('yyyy-MM-dd HH:mm'),
      ).toBe(`${date.toISODate()} ${String(o.hour).padStart(2, '0')}:00`)
    }
  }
}
