import { afterEach, describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { apiClient } from '../helpers/interviews.js'

describe('dashboard sections', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  afterEach(async () => ctx?.close())

  it('shows the first ten overdue and upcoming interviews and links to the full lists', async () => {
    ctx = await createTestApp()
    const agent = await signUp(ctx.app, { email: 'ada@example.com' })
    const api = apiClient(ctx.app, await createToken(agent))
    // The test clock stands at 2026-03-02T15:00Z: 12 interviews ended days ago, 12 lie ahead, 3 ended an hour ago.
    const make = async (company: string, day: string, hour = '10') => {
      const response = await api.post('/interviews', {
        company,
        role: 'Analyst',
        kind: 'technical',
        startsAt: `${day}T${hour}:00:00Z`,
        endsAt: `${day}T${hour}:30:00Z`,
        timeZone: 'UTC',
      })
      expect(response.statusCode, response.body).toBe(201)
    }
    for (let i = 0; i < 12; i++) await make(`Past${i}`, `2026-02-${String(10 + i).padStart(2, '0')}`)
    for (let i = 0; i < 12; i++) await make(`Future${i}`, `2026-03-${String(10 + i).padStart(2, '0')}`)
    for (let i = 0; i < 3; i++) await make(`Fresh${i}`, '2026-03-02', '13')

    const board = ctx.app.repos.interviews.dashboard(
      ctx.app.repos.users.findByEmail('ada@example.com')!.id,
      ctx.clock.now(),
    )
    expect(board.needsFollowUp).toHaveLength(3)
    expect(board.overdue.map((i) => i.company)).toEqual([
      'Past11',
      'Past10',
      'Past9',
      'Past8',
      'Past7',
      'Past6',
      'Past5',
      'Past4',
      'Past3',
      'Past2',
    ])
    expect(board.upcoming.map((i) => i.company).slice(0, 2)).toEqual(['Future0', 'Future1'])
    expect(board.upcoming).toHaveLength(10)
    expect(board.more).toEqual({ overdue: true, upcoming: true })

    const page = (await agent.get('/')).body
    expect(page).toContain('href="/interviews?status=overdue"')
    expect(page).toContain('href="/interviews?status=scheduled"')
    expect(page).not.toContain('Past1 — Analyst<')
    expect(page).toContain('Past2 — Analyst<')
    const overdueList = (await agent.get('/interviews?status=overdue')).body
    for (let i = 0; i < 12; i++) expect(overdueList).toContain(`Past${i} — Analyst<`)
  })
})
