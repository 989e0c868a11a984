import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

async function instantsUnder(tz: string) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/nudgeUnderTz.ts'], {
    env: { ...process.env, TZ: tz },
    timeout: 15_000,
  })
  return JSON.parse(stdout) as { offset: number; instants: number[][] }
}

const iso = (ms: number) => new Date(ms).toISOString()

describe('study reminder instants', () => {
  it('are 19:00 New York time on both sides of each DST change, whatever the process TZ', async () => {
    const [tokyo, london] = await Promise.all([instantsUnder('Asia/Tokyo'), instantsUnder('Europe/London')])
    expect(tokyo.offset).toBe(-540)
    expect(london.offset).toBe(0)
    expect(tokyo.instants).toEqual(london.instants)
    const at19 = tokyo.instants.map(([at]) => iso(at as number))
    expect(at19).toEqual([
      '2026-03-08T00:00:00.000Z', // 7 Mar, EST (UTC-5)
      '2026-03-08T23:00:00.000Z', // 8 Mar, the day clocks spring forward: EDT (UTC-4)
      '2026-03-09T23:00:00.000Z',
      '2026-10-31T23:00:00.000Z', // 31 Oct, EDT
      '2026-11-02T00:00:00.000Z', // 1 Nov, the day clocks fall back: EST
      '2026-11-03T00:00:00.000Z',
    ])
    // 23:00 is inside quiet hours (22:00-07:00): the nudge waits for 07:00 the next morning.
    expect(iso(tokyo.instants[1]?.[1] as number)).toBe('2026-03-09T11:00:00.000Z')
    expect(iso(tokyo.instants[4]?.[1] as number)).toBe('2026-11-02T12:00:00.000Z')
  }, 30_000)
})
