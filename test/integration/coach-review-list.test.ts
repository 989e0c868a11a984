import { describe, expect, it } from 'vitest'
import { coachAccess, ownerAccess } from '../../src/services/access.js'
import { decodeHtml } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { linkCoach, member } from '../helpers/coach.js'
import { seedDebrief } from '../helpers/draftFixtures.js'

const cleanups = cleanupAfterEach()

/** Nia asks her coach Carla to review the thank-you note to Grace. */
async function asked() {
  const ctx = await createTestApp({ env: { SIGNUP: 'open' } })
  cleanups.push(() => ctx.close())
  const nia = await member(ctx.app, 'nia@example.com', 'Nia Long')
  const carla = await member(ctx.app, 'carla@example.com', 'Carla Coach')
  const niaId = await linkCoach(ctx.app, nia, carla)
  const debrief = seedDebrief(ctx.app, niaId, {
    interviewers: [{ name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' }],
  })
  const note = {
    interviewId: debrief.interviewId,
    interviewerId: debrief.interviewerIds[0]!,
    kind: 'thank_you' as const,
  }
  const requested = ctx.app.services.coachReviews.requestReview(ownerAccess(niaId), note)
  expect(requested.ok).toBe(true)
  return { ...ctx, nia: nia.agent, carla: carla.agent, niaId, note }
}

describe('review requests on the coach’s caseload', () => {
  it('lists what was asked, and one press opens that note in the candidate’s debrief', async () => {
    const { carla, niaId, note } = await asked()
    const caseload = await carla.get('/coach')
    const html = decodeHtml(caseload.body)
    expect(html).toContain('Asked for your review')
    const item = /<li data-review="(\d+)">([\s\S]*?)<\/li>/.exec(html)
    expect(item?.[1]).toBe(String(note.interviewId))
    expect(item?.[2]).toMatch(/Nia Long: the thank-you note to Grace Hopper/)

    const opened = await carla.submit(
      '/coach/view',
      { candidateId: String(niaId), next: `/interviews/${note.interviewId}/drafts` },
      '/coach',
    )
    expect(opened.statusCode).toBe(302)
    expect(opened.headers.location).toBe(`/interviews/${note.interviewId}/drafts`)
    const drafts = await carla.get(opened.headers.location as string)
    expect(drafts.statusCode).toBe(200)
    expect(decodeHtml(drafts.body)).toMatch(/Viewing <strong>Nia Long’s debrief<\/strong>/)
  })

  it('leaves the list once the note is commented on', async () => {
    const { app, carla, niaId, note } = await asked()
    const carlaId = app.db
      .prepare("SELECT id FROM users WHERE email = 'carla@example.com'")
      .pluck()
      .get() as number
    expect(decodeHtml((await carla.get('/coach')).body)).toContain('Asked for your review')
    expect(app.services.coachReviews.comment(coachAccess(carlaId, niaId), note, { body: 'Lovely.' }).ok).toBe(
      true,
    )
    expect(decodeHtml((await carla.get('/coach')).body)).not.toContain('Asked for your review')
  })

  it('refuses a landing page other than a note page, and starts no viewing', async () => {
    const { carla, niaId } = await asked()
    for (const next of ['https://evil.example/', '//evil.example/interviews/1/drafts', '/settings']) {
      const refused = await carla.submit('/coach/view', { candidateId: String(niaId), next }, '/coach')
      expect(refused.statusCode, next).toBe(400)
    }
    const home = await carla.get('/')
    expect(decodeHtml(home.body)).not.toContain('viewing-banner')
  })
})
