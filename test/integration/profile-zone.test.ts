import { afterEach, describe, expect, it } from 'vitest'
import { signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { insertInterview, reminderRow } from '../helpers/fixtures.js'

describe('changing the profile time zone', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  afterEach(async () => ctx?.close())

  it('re-plans pending reminders, because quiet hours are wall-clock times in that zone', async () => {
    ctx = await createTestApp()
    const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone: 'UTC' })
    const user = ctx.app.repos.users.findByEmail('ada@example.com')!
    // Ends 02:00 UTC: the research nudge (end + 1 h = 03:00) falls in UTC quiet hours (22:00–07:00).
    const id = insertInterview(ctx.app, user.id, { endsAt: Date.parse('2026-03-03T02:00:00Z') })
    const before = reminderRow(ctx.app, id, 'research').due_at
    expect(before).not.toBe(Date.parse('2026-03-03T03:00:00Z'))

    const saved = await agent.submit(
      '/settings/profile',
      { name: 'Ada', email: 'ada@example.com', timeZone: 'Asia/Kolkata' },
      '/settings',
    )
    expect(saved.statusCode).toBe(302)
    // 03:00 UTC is 08:30 in Kolkata: awake, so the nudge goes at its natural time.
    expect(reminderRow(ctx.app, id, 'research').due_at).toBe(Date.parse('2026-03-03T03:00:00Z'))
  })
})
