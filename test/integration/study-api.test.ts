import { describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { HOUR } from '../helpers/fixtures.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const cleanups = cleanupAfterEach()

async function setup(email = 'sam@example.com') {
  const t = await createTestApp({ env: { SIGNUP: 'open' } })
  cleanups.push(t.close)
  const agent = await signUp(t.app, { email })
  const token = await createToken(agent)
  const user = t.app.repos.users.findByEmail(email)!
  const interviewId = pastInterview(t.app, user.id, 'Northwind')
  const api = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload } : {}),
    })
  return { ...t, api, user, interviewId }
}

describe('study API', () => {
  it('lists due cards and records a review that moves the card out of the due list', async () => {
    const t = await setup()
    const q = addQuestion(t.app, t.user.id, t.interviewId, { text: 'What is MVCC?', topics: ['Databases'] })
    const due = await t.api('GET', '/study/due')
    expect(due.statusCode).toBe(200)
    expect(due.json()).toMatchObject({
      total: 1,
      items: [
        { id: q.id, question: 'What is MVCC?', company: 'Northwind', state: 'new', reps: 0, inDeck: true },
      ],
    })

    const review = await t.api('POST', `/study/cards/${q.id}/reviews`, { rating: 'good', expectedReps: 0 })
    expect(review.statusCode).toBe(201)
    const body = review.json()
    expect(body.rating).toBe('good')
    expect(body.card).toMatchObject({ id: q.id, reps: 1, state: 'learning' })
    expect(Date.parse(body.card.due)).toBeGreaterThan(t.clock.now())
    expect((await t.api('GET', '/study/due')).json()).toEqual({ items: [], total: 0 })

    t.clock.advance(HOUR)
    expect((await t.api('GET', '/study/due?topic=databases')).json().total).toBe(1)
    expect((await t.api('GET', '/study/due?topic=other')).json().total).toBe(0)

    const stats = (await t.api('GET', '/study/stats')).json()
    expect(stats.retention).toEqual({ remembered: 1, total: 1, rate: 1 })
    expect(stats.ratings).toEqual({ again: 0, hard: 0, good: 1, easy: 0 })
    expect(stats.perDay.at(-1).count).toBe(1)
    expect(stats.retentionPerWeek).toHaveLength(8)
    expect(stats.retentionPerWeek.at(-1)).toEqual({
      weekStart: '2026-03-02',
      remembered: 1,
      total: 1,
      rate: 1,
    })
  })

  it('answers 400 for a bad rating, 404 for an unknown card, 409 for a stale or unstudied one', async () => {
    const t = await setup()
    const q = addQuestion(t.app, t.user.id, t.interviewId)
    const nailed = addQuestion(t.app, t.user.id, t.interviewId, { confidence: 'nailed' })
    const bad = await t.api('POST', `/study/cards/${q.id}/reviews`, { rating: 'perfect' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().fields).toHaveProperty('rating')
    expect((await t.api('POST', '/study/cards/999999/reviews', { rating: 'good' })).statusCode).toBe(404)
    const notInDeck = await t.api('POST', `/study/cards/${nailed.id}/reviews`, { rating: 'good' })
    expect(notInDeck.statusCode).toBe(409)
    expect(notInDeck.json().message).toContain('not in your study deck')
    await t.api('POST', `/study/cards/${q.id}/reviews`, { rating: 'again', expectedReps: 0 })
    const stale = await t.api('POST', `/study/cards/${q.id}/reviews`, { rating: 'good', expectedReps: 0 })
    expect(stale.statusCode).toBe(409)
    expect(t.app.db.prepare('SELECT count(*) FROM study_reviews').pluck().get()).toBe(1)

    const included = await t.api('PUT', `/study/cards/${nailed.id}/mode`, { mode: 'include' })
    expect(included.json()).toMatchObject({ id: nailed.id, mode: 'include', inDeck: true })
    expect((await t.api('POST', `/study/cards/${nailed.id}/reviews`, { rating: 'easy' })).statusCode).toBe(
      201,
    )
  })

  it('keeps each user to their own cards', async () => {
    const t = await setup()
    const q = addQuestion(t.app, t.user.id, t.interviewId)
    const agent = await signUp(t.app, { email: 'other@example.com' })
    const token = await createToken(agent)
    const other = (method: 'GET' | 'POST', url: string, payload?: object) =>
      t.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${token}` },
        ...(payload ? { payload } : {}),
      })
    expect((await other('GET', '/study/due')).json()).toEqual({ items: [], total: 0 })
    expect((await other('GET', `/study/cards/${q.id}`)).statusCode).toBe(404)
    expect((await other('POST', `/study/cards/${q.id}/reviews`, { rating: 'good' })).statusCode).toBe(404)
  })

  it('documents the study routes in OpenAPI', async () => {
    const t = await setup()
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, unknown>>
    }
    expect(Object.keys(doc.paths['/api/v1/study/due'] ?? {})).toContain('get')
    expect(Object.keys(doc.paths['/api/v1/study/cards/{id}/reviews'] ?? {})).toContain('post')
  })
})
