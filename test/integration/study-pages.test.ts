import { describe, expect, it } from 'vitest'
import { Agent } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { samsDesk } from '../helpers/studyDesk.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const t = await samsDesk(cleanups)
  const interviewId = pastInterview(t.app, t.user.id, 'Northwind')
  return { ...t, interviewId }
}

const totalChanges = (t: { app: { db: { prepare(sql: string): { pluck(): { get(): unknown } } } } }) =>
  t.app.db.prepare('SELECT total_changes()').pluck().get() as number

describe('study page', () => {
  it('shows the first due card, its answer and sources, and changes nothing in the database', async () => {
    const t = await setup()
    addQuestion(t.app, t.user.id, t.interviewId, {
      text: 'What is an LSM-tree?',
      answer: 'Buffered writes merged in the background.',
      sources: ['https://example.com/lsm'],
      topics: ['Storage'],
    })
    // Any page with a form stores the session's CSRF secret once; after that a view writes nothing.
    await t.agent.get('/questions')
    const before = totalChanges(t)
    const page = await t.agent.get('/study')
    expect(totalChanges(t)).toBe(before)
    expect(t.app.db.prepare('SELECT count(*) FROM study_cards').pluck().get()).toBe(0)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('What is an LSM-tree?')
    expect(page.body).toContain('Northwind')
    expect(page.body).toContain('Buffered writes merged in the background.')
    expect(page.body).toContain('href="https://example.com/lsm"')
    expect(page.body).toMatch(/<strong>1<\/strong> due today/)
    expect(page.body).toMatch(/id="nav-study-due">1</)
    expect(page.body).toContain('<details class="study-reveal"')
    expect(page.body).toContain('src="/public/js/study.js"')
  })

  it('rates cards through the form until a summary of the session remains', async () => {
    const t = await setup()
    const a = addQuestion(t.app, t.user.id, t.interviewId, { text: 'First card' })
    const b = addQuestion(t.app, t.user.id, t.interviewId, { text: 'Second card' })
    const first = await t.agent.submit(`/study/cards/${a.id}/review`, { rating: 'good', reps: '0' }, '/study')
    expect(first.statusCode).toBe(303)
    expect(first.headers.location).toBe('/study')
    expect((await t.agent.get('/study')).body).toContain('Second card')
    await t.agent.submit(`/study/cards/${b.id}/review`, { rating: 'easy', reps: '0' }, '/study')
    const done = await t.agent.get('/study')
    expect(done.body).toContain('id="study-summary"')
    expect(done.body).toMatch(/Today you reviewed <strong>2<\/strong> cards/)
    expect(done.body).toMatch(/Good: <strong>1<\/strong>/)
    expect(done.body).toMatch(/Easy: <strong>1<\/strong>/)
    expect(done.body).toMatch(/Again: <strong>0<\/strong>/)
    expect(done.body).not.toContain('id="nav-study-due"')
  })

  it('filters by topic and keeps the filter after rating', async () => {
    const t = await setup()
    addQuestion(t.app, t.user.id, t.interviewId, { text: 'Directory card', topics: ['Active Directory'] })
    const sql = addQuestion(t.app, t.user.id, t.interviewId, { text: 'SQL card', topics: ['SQL'] })
    const page = await t.agent.get('/study?topic=sql')
    expect(page.body).toContain('SQL card')
    expect(page.body).not.toContain('Directory card')
    const rated = await t.agent.submit(
      `/study/cards/${sql.id}/review`,
      { rating: 'good', topic: 'SQL' },
      '/study?topic=sql',
    )
    expect(rated.headers.location).toBe('/study?topic=SQL')
  })

  it('refuses a repeated rating of the same showing, a forged form and a bad rating', async () => {
    const t = await setup()
    const q = addQuestion(t.app, t.user.id, t.interviewId)
    const token = await t.agent.csrf('/study')
    expect(
      (await t.agent.submit(`/study/cards/${q.id}/review`, { rating: 'good', reps: '0', _csrf: token }))
        .statusCode,
    ).toBe(303)
    const again = await t.agent.submit(`/study/cards/${q.id}/review`, {
      rating: 'good',
      reps: '0',
      _csrf: token,
    })
    expect(again.statusCode).toBe(303)
    expect((await t.agent.get('/study')).body).toContain('rated a moment ago')
    expect(t.app.db.prepare('SELECT count(*) FROM study_reviews').pluck().get()).toBe(1)

    const forged = await t.agent.submit(`/study/cards/${q.id}/review`, { rating: 'good', _csrf: 'nope' })
    expect(forged.statusCode).toBe(403)
    const bad = await t.agent.submit(`/study/cards/${q.id}/review`, { rating: 'perfect' }, '/study')
    expect(bad.statusCode).toBe(400)
    const missing = await t.agent.submit('/study/cards/999999/review', { rating: 'good' }, '/study')
    expect(missing.statusCode).toBe(404)
    expect(t.app.db.prepare('SELECT count(*) FROM study_reviews').pluck().get()).toBe(1)
  })

  it('stops studying a question on request and includes a nailed one', async () => {
    const t = await setup()
    const missed = addQuestion(t.app, t.user.id, t.interviewId, { text: 'Missed card' })
    const nailed = addQuestion(t.app, t.user.id, t.interviewId, { text: 'Nailed card', confidence: 'nailed' })
    const page = await t.agent.get('/study')
    expect(page.body).toContain('Researched questions not in your deck (1)')
    await t.agent.submit(`/study/cards/${missed.id}/mode`, { mode: 'exclude' }, '/study')
    await t.agent.submit(`/study/cards/${nailed.id}/mode`, { mode: 'include' }, '/study')
    const after = await t.agent.get('/study')
    expect(after.body).toContain('Nailed card')
    expect(after.body).toMatch(/<h2 class="study-question">Nailed card<\/h2>/)
    expect(after.body).toContain('Researched questions not in your deck (1)')
  })

  it('sends a visitor who is not signed in to the login page', async () => {
    const t = await createTestApp()
    cleanups.push(t.close)
    const response = await new Agent(t.app).get('/study')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toMatch(/^\/login/)
  })

  it('shows reviews per day, retention per week and the topics whose cards lapse most on the insights page', async () => {
    const t = await setup()
    const a = addQuestion(t.app, t.user.id, t.interviewId, { text: 'A', topics: ['SQL'] })
    const b = addQuestion(t.app, t.user.id, t.interviewId, { text: 'B', topics: ['Networking'] })
    const empty = await t.agent.get('/insights')
    expect(empty.body).toContain('id="reviews-empty"')
    // Easy takes the new card straight to review, so Again on it next is a lapse.
    await t.agent.submit(`/study/cards/${a.id}/review`, { rating: 'easy' }, '/study')
    await t.agent.submit(`/study/cards/${a.id}/review`, { rating: 'again' }, '/study')
    // Again on a new card only repeats a learning step.
    await t.agent.submit(`/study/cards/${b.id}/review`, { rating: 'again' }, '/study')
    await t.agent.submit(`/study/cards/${b.id}/review`, { rating: 'good' }, '/study')
    expect(t.app.db.prepare('SELECT lapses FROM study_cards ORDER BY question_id').pluck().all()).toEqual([
      1, 0,
    ])
    const page = await t.agent.get('/insights')
    expect(page.body).toMatch(/id="stat-retention">50 %</)
    expect(page.body).toContain('id="chart-reviews"')
    // This week's bar and table row: 2 of 4 reviews rated Good or Easy.
    expect(page.body).toContain('id="chart-retention"')
    expect(page.body).toMatch(/<th scope="row">2 Mar<\/th><td>50 %<\/td><td>2<\/td><td>4<\/td>/)
    expect(page.body).toMatch(/<th scope="row">26 Jan<\/th><td>no reviews<\/td><td>0<\/td><td>0<\/td>/)
    expect(page.body).toMatch(
      /<th scope="row"><a href="\/study\?topic=SQL">SQL<\/a><\/th><td>1<\/td><td>2<\/td><td>1<\/td>/,
    )
    expect(page.body).not.toMatch(/href="\/study\?topic=Networking">Networking<\/a><\/th>/)
  })
})
