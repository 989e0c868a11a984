import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)

async function planUnder(tz: string) {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', 'test/helpers/planUnderTz.ts'], {
    env: { ...process.env, TZ: tz },
    timeout: 15_000,
  })
  return JSON.parse(stdout) as { offset: number; plans: { kind: string; lead: number; dueAt: number }[][] }
}

describe('reminder due times do not depend on the process time zone', () => {
  it('plans the same due_at under TZ=UTC and TZ=Asia/Kolkata', async () => {
    const [utc, kolkata] = await Promise.all([planUnder('UTC'), planUnder('Asia/Kolkata')])
    expect(utc.offset).toBe(0)
    expect(kolkata.offset).toBe(-330)
    expect(utc.plans.flat().length).toBeGreaterThan(20)
    expect(kolkata.plans).toEqual(utc.plans)
  })
})
