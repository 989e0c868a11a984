import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { instantToLocal, localToInstant } from '../../src/domain/interview.js'
import { resolveInterviewTimes } from '../../src/domain/interviewInput.js'
import { MARK_END, MARK_START, markedToHtml } from '../../src/domain/search.js'

const ZONES = [
  'UTC',
  'America/New_York',
  'Asia/Kolkata',
  'Europe/Berlin',
  'Australia/Lord_Howe',
  'America/St_Johns',
]

// 2000-01-01 … 2100-01-01, minute precision (what datetime-local inputs produce).
const instant = fc
  .integer({ min: 946_684_800_000 / 60_000, max: 4_102_444_800_000 / 60_000 })
  .map((m) => m * 60_000)
const localWall = fc
  .record({
    y: fc.integer({ min: 2000, max: 2099 }),
    mo: fc.integer({ min: 1, max: 12 }),
    d: fc.integer({ min: 1, max: 28 }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
  })
  .map(({ y, mo, d, h, mi }) => {
    const p = (n: number) => String(n).padStart(2, '0')
    return `${y}-${p(mo)}-${p(d)}T${p(h)}:${p(mi)}`
  })

const originalTz = process.env.TZ
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ
  else process.env.TZ = originalTz
})

/** Runs fn with the process in another zone: results must not change. */
function inProcessZone<T>(zone: string, fn: () => T): T {
  const before = process.env.TZ
  process.env.TZ = zone
  try {
    return fn()
  } finally {
    if (before === undefined) delete process.env.TZ
    else process.env.TZ = before
  }
}

describe('deadline properties', () => {
  // The deadline itself is checked against Intl and hand-computed instants in deadline-oracle.test.ts.

  it('interview times do not depend on the process time zone', () => {
    fc.assert(
      fc.property(
        localWall,
        fc.integer({ min: 1, max: 720 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...ZONES),
        (start, minutes, zone, processZone) => {
          const input = { startsAt: start, durationMinutes: minutes, timeZone: zone }
          const here = resolveInterviewTimes(input)
          const there = inProcessZone(processZone, () => resolveInterviewTimes(input))
          expect(there).toEqual(here)
          if (here.ok) {
            expect(here.value.endsAt - here.value.startsAt).toBe(minutes * 60_000)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('a local time that exists reads back as itself; one that does not is rejected, never shifted', () => {
    fc.assert(
      fc.property(localWall, fc.constantFrom(...ZONES), (wall, zone) => {
        const result = localToInstant(wall, zone)
        if (result.ok) expect(instantToLocal(result.value, zone)).toBe(wall)
        else expect(result.reason).toBe('nonexistent')
      }),
      { numRuns: 500 },
    )
  })

  it('any instant shown as local time parses back to the same instant or an earlier twin', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, zone) => {
        const result = localToInstant(instantToLocal(ms, zone), zone)
        expect(result.ok).toBe(true)
        if (result.ok) {
          expect(result.value <= ms).toBe(true)
          expect(ms - result.value <= 3600_000).toBe(true)
        }
      }),
      { numRuns: 500 },
    )
  })
})

describe('highlight properties', () => {
  it('never lets markup through: only <mark> tags appear, always balanced', () => {
    const chars = fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '/', '=', MARK_START, MARK_END)
    fc.assert(
      fc.property(
        fc.array(chars, { maxLength: 60 }).map((a) => a.join('')),
        (text) => {
          const html = markedToHtml(text)
          const tags = html.match(/<[^>]*>/g) ?? []
          for (const tag of tags) expect(['<mark>', '</mark>']).toContain(tag)
          expect(tags.filter((t) => t === '<mark>').length).toBe(tags.filter((t) => t === '</mark>').length)
          expect(html).not.toMatch(/<(?!\/?mark>)/)
        },
      ),
    )
  })
})
