import { afterEach, describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { INSIGHT_FIXTURE, seedInterviews, userIdOf } from '../helpers/insightFixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

/** The HTML of one <figure id="…"> chart. */
function figure(html: string, id: string): string {
  const start = html.indexOf(`<figure class="chart" id="${id}">`)
  if (start < 0) throw new Error(`no chart ${id}`)
  return html.slice(start, html.indexOf('</figure>', start) + '</figure>'.length)
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length

describe('insights page', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

  it('shows the exact figures of a known fixture, with SVG charts and table alternatives', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const agent = await signUp(ctx.app, { email: 'ada@example.com', timeZone: 'UTC' })
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'ada@example.com'), INSIGHT_FIXTURE)

    const response = await agent.get('/insights')
    expect(response.statusCode).toBe(200)
    const html = response.body
    expect(html).toMatch(/<a href="\/insights" aria-current="page">Insights<\/a>/)
    expect(html).toContain('id="stat-on-time">50 %<')
    expect(html).toContain('2 of 4 follow-ups done before the deadline')
    expect(html).toContain('id="stat-thank-you">3 h<')
    expect(html).toContain('id="stat-answers">18 h<')

    const weekly = figure(html, 'chart-weekly')
    expect(weekly).toContain('viewBox="0 0 360 190"')
    expect(weekly).toContain('width="100%"')
    expect(weekly).toMatch(/role="img" aria-labelledby="chart-weekly-title"/)
    expect(count(weekly, /<rect class="bar" /g)).toBe(12)
    expect([...weekly.matchAll(/class="bar"[^>]*data-value="(\d+)"/g)].map((m) => Number(m[1]))).toEqual([
      0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 2, 1,
    ])
    expect(weekly).toContain('<summary>Show as a table</summary>')
    expect(count(weekly, /<tr><th scope="row">/g)).toBe(12)
    expect(weekly).toContain('<tr><th scope="row">23 Feb</th><td>2</td></tr>')

    // The study list: ranked, each topic linking to its questions.
    const links = [...html.matchAll(/<li><a href="(\/questions\?topic=[^"]+)">([^<]+)<\/a>/g)].map((m) => [
      m[1],
      m[2],
    ])
    expect(links).toEqual([
      ['/questions?topic=System%20design', 'System design'],
      ['/questions?topic=Indexes', 'Indexes'],
      ['/questions?topic=SQL', 'SQL'],
      ['/questions?topic=Caching', 'Caching'],
      ['/questions?topic=Behavioural', 'Behavioural'],
    ])
    const study = figure(html, 'chart-study')
    // Missed and shaky segments of non-zero size: 1 + 2 + 2 + 1 + 1.
    expect(count(study, /<rect class="bar" /g)).toBe(7)
    expect(count(study, /<tr><th scope="row">/g)).toBe(5)
    expect(html).toContain('1 missed or shaky question has no topic')

    const outcomes = figure(html, 'chart-outcomes')
    expect(count(outcomes, /<g class="bar-row">/g)).toBe(4)
    expect(count(outcomes, /<rect class="bar" /g)).toBe(6)
    expect(outcomes).toContain(
      '<tr><th scope="row">Technical</th><td>1</td><td>1</td><td>1</td><td>0</td><td>0</td><td>3</td></tr>',
    )
  })

  it('explains itself when there is nothing yet, and never shows another user’s data', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    await signUp(ctx.app, { email: 'ada@example.com' })
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'ada@example.com'), INSIGHT_FIXTURE)
    const bob = await signUp(ctx.app, { email: 'bob@example.com' })
    const html = (await bob.get('/insights')).body
    expect(html).toContain('No interviews logged yet')
    expect(html).not.toContain('chart-weekly')
    expect(html).not.toContain('System design')

    // Interviews, but none recent, no topics and no outcomes beyond pending.
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'bob@example.com'), [
      {
        company: 'Old',
        role: 'Dev',
        kind: 'panel',
        startsAt: '2025-06-01T10:00:00Z',
        endsAt: '2025-06-01T11:00:00Z',
        questions: [{ text: 'Untagged', confidence: 'shaky' }],
      },
    ])
    const later = (await bob.get('/insights')).body
    expect(later).toContain('id="weekly-empty"')
    expect(later).toContain('Your missed and shaky questions have no topics yet')
    expect(later).toContain('id="stat-on-time">0 %<')
  })

  it('requires a login', async () => {
    ctx = await createTestApp({ scheduler: false })
    const response = await ctx.app.inject({ url: '/insights' })
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/login?next=%2Finsights')
  })

  it('serves the same figures as JSON at /api/v1/insights', async () => {
    ctx = await createTestApp({ scheduler: false })
    const agent = await signUp(ctx.app, { email: 'ada@example.com' })
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'ada@example.com'), INSIGHT_FIXTURE)
    const token = await createToken(agent)
    const response = await ctx.app.inject({
      url: '/api/v1/insights',
      headers: { authorization: `Bearer ${token}` },
    })
    expect(response.statusCode).toBe(200)
    const body = response.json()
    expect(body.followUp).toEqual({ onTime: 2, late: 2, counted: 4, rate: 0.5 })
    expect(body.thankYou).toEqual({ medianMs: 3 * 3_600_000, count: 4 })
    expect(body.weekly).toHaveLength(12)
    expect(body.studyList[0]).toEqual({ topic: 'System design', missed: 2, shaky: 0, researched: 1 })
    expect(body.outcomesByKind).toHaveLength(4)
    expect((await ctx.app.inject({ url: '/api/v1/insights' })).statusCode).toBe(401)
  })
})
