import { describe, expect, it } from 'vitest'
import { coachAccess } from '../../src/services/access.js'
import { createToken, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { createUser } from '../helpers/fixtures.js'
import { recordingRoutes } from '../helpers/routes.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const ctx = await createTestApp({ clock: new TestClock(Date.parse('2026-03-02T15:00:00Z')) })
  cleanups.push(() => ctx.close())
  const { app } = ctx
  const agent = await signUp(app, { name: 'Nia Long', email: 'nia@example.com' })
  const niaId = userIdOf(app, 'nia@example.com')
  const coach = createUser(app, { email: 'carla@example.com', name: 'Carla Coach' })
  app.db
    .prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)')
    .run(niaId, coach.id, app.clock.now())
  const debrief = seedDebrief(app, niaId)
  const note = {
    interviewId: debrief.interviewId,
    interviewerId: debrief.interviewerIds[0]!,
    kind: 'thank_you' as const,
  }
  const drafts = `/interviews/${debrief.interviewId}/drafts`
  return { ...ctx, agent, niaId, coach, debrief, note, drafts }
}

describe('coach review pages and API, the candidate’s side', () => {
  it('shows a coach’s comment on the drafts page; Apply makes the suggestion the note’s text', async () => {
    const ctx = await setup()
    const made = ctx.app.services.coachReviews.comment(coachAccess(ctx.coach.id, ctx.niaId), ctx.note, {
      body: 'Mention the compiler talk.',
      suggestion: 'Hi Grace,\n\nThanks for the talk about compilers.\n\nNia',
    })
    if (!made.ok) throw new Error(made.message)
    const page = await ctx.agent.get(ctx.drafts)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Mention the compiler talk.')
    expect(page.body).toContain(`action="/coach-comments/${made.value.id}/apply"`)
    expect(page.body).toContain('Ask Carla Coach for a review')

    const applied = await ctx.agent.submit(`/coach-comments/${made.value.id}/apply`, {}, ctx.drafts)
    expect(applied.statusCode).toBe(303)
    expect(applied.headers.location).toBe(`${ctx.drafts}#interviewer-${ctx.note.interviewerId}`)
    const after = await ctx.agent.get(ctx.drafts)
    expect(after.body).toContain('Thanks for the talk about compilers.')
    expect(after.body).toContain('Carla Coach’s suggestion is now your text.')
    const row = ctx.app.db
      .prepare('SELECT body, edited FROM drafts WHERE interviewer_id = ? AND kind = ?')
      .get(ctx.note.interviewerId, 'thank_you')
    expect(row).toEqual({ body: 'Hi Grace,\n\nThanks for the talk about compilers.\n\nNia', edited: 1 })
  })

  it('asks for a review from the page: the note shows it pending and warns before sending, without blocking', async () => {
    const ctx = await setup()
    const base = `/interviews/${ctx.note.interviewId}/notes/${ctx.note.interviewerId}/thank_you`
    const asked = await ctx.agent.submit(`${base}/review-request`, {}, ctx.drafts)
    expect(asked.statusCode).toBe(303)
    const page = await ctx.agent.get(ctx.drafts)
    expect(page.body).toContain('Review requested: Carla Coach will hear about it by e-mail.')
    expect(page.body).toContain('data-testid="review-pending"')
    expect(page.body).toContain('data-check="review_pending"')
    expect(page.body).not.toContain('Blocking: You asked for a review')
    const again = await ctx.agent.submit(`${base}/review-request`, {}, ctx.drafts)
    expect(again.statusCode).toBe(409)
    const withdrawn = await ctx.agent.submit(`${base}/review-request/withdraw`, {}, ctx.drafts)
    expect(withdrawn.statusCode).toBe(303)
    expect((await ctx.agent.get(ctx.drafts)).body).not.toContain('data-check="review_pending"')
  })

  it('through the API: the candidate asks, reads, applies; commenting as the owner is refused and changes nothing', async () => {
    const ctx = await setup()
    const token = await createToken(ctx.agent)
    const headers = { authorization: `Bearer ${token}` }
    const base = `/api/v1/interviews/${ctx.note.interviewId}/interviewers/${ctx.note.interviewerId}/notes/thank_you`
    const asked = await ctx.app.inject({ method: 'POST', url: `${base}/review-request`, headers })
    expect(asked.statusCode).toBe(201)
    expect(asked.json()).toMatchObject({ coaches: ['Carla Coach'] })

    const own = await ctx.app.inject({
      method: 'POST',
      url: `${base}/comments`,
      headers,
      payload: { body: 'Note to self' },
    })
    expect(own.statusCode).toBe(403)
    const approve = await ctx.app.inject({ method: 'PUT', url: `${base}/approval`, headers })
    expect(approve.statusCode).toBe(403)

    const made = ctx.app.services.coachReviews.comment(coachAccess(ctx.coach.id, ctx.niaId), ctx.note, {
      body: '',
      suggestion: 'Coach text',
    })
    if (!made.ok) throw new Error(made.message)
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/interviews/${ctx.note.interviewId}/reviews`,
      headers,
    })
    expect(read.statusCode).toBe(200)
    expect(read.json()).toMatchObject({
      comments: [{ id: made.value.id, coachName: 'Carla Coach', suggestion: 'Coach text', state: 'open' }],
      requests: [],
      coaches: ['Carla Coach'],
    })
    const applied = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/coach-comments/${made.value.id}/apply`,
      headers,
    })
    expect(applied.statusCode).toBe(200)
    expect(applied.json()).toMatchObject({ state: 'applied' })
    const missing = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/coach-comments/9999/dismiss',
      headers,
    })
    expect(missing.statusCode).toBe(404)
    expect(ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get()).toBe(1)
  })

  it('sets the coach digest on its page and through the API', async () => {
    const ctx = await setup()
    const page = await ctx.agent.get('/settings/coach-digest')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('value="08:00"')
    const saved = await ctx.agent.submit('/settings/coach-digest', { enabled: 'on', time: '07:30' })
    expect(saved.statusCode).toBe(303)
    expect(ctx.app.repos.coachDigests.settings(ctx.niaId)).toEqual({ enabled: true, minute: 7 * 60 + 30 })
    const bad = await ctx.agent.submit('/settings/coach-digest', { enabled: 'on', time: 'soon' })
    expect(bad.statusCode).toBe(400)
    expect(ctx.app.repos.coachDigests.settings(ctx.niaId).minute).toBe(7 * 60 + 30)

    const token = await createToken(ctx.agent)
    const headers = { authorization: `Bearer ${token}` }
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/coach-digest',
      headers,
      payload: { enabled: false, time: '09:15' },
    })
    expect(put.statusCode).toBe(200)
    expect(put.json()).toEqual({ enabled: false, time: '09:15', nextAt: null })
    const got = await ctx.app.inject({ method: 'GET', url: '/api/v1/settings/coach-digest', headers })
    expect(got.json()).toEqual({ enabled: false, time: '09:15', nextAt: null })
  })

  it('marks exactly the comment and approval routes as open to a commenting coach', async () => {
    const { result: ctx, routes } = await recordingRoutes(() => createTestApp())
    cleanups.push(() => ctx.close())
    const commentRoutes = routes
      .filter((r) => r.options.config && (r.options.config as { comment?: boolean }).comment === true)
      .map((r) => `${r.method} ${r.url}`)
      .sort()
    expect(commentRoutes).toEqual([
      'POST /api/v1/interviews/:id/interviewers/:interviewerId/notes/:kind/comments',
      'POST /api/v1/questions/:id/comments',
      'POST /interviews/:id/notes/:interviewerId/:kind/approve',
      'POST /interviews/:id/notes/:interviewerId/:kind/comments',
      'POST /questions/:id/comments',
      'PUT /api/v1/interviews/:id/interviewers/:interviewerId/notes/:kind/approval',
    ])
  })
})
