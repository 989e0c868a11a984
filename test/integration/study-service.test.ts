import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ratingNumber } from '../../src/domain/study.js'
import { ownerAccess } from '../../src/services/access.js'
import { studyAccess } from '../../src/services/study.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { createUser, HOUR } from '../helpers/fixtures.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const cleanups = cleanupAfterEach()
const DAY = 24 * HOUR

async function setup() {
  const t = await createTestApp()
  cleanups.push(t.close)
  const user = createUser(t.app, { timeZone: 'America/New_York' })
  const actor = studyAccess(ownerAccess(user.id), user.timeZone)
  const interviewId = pastInterview(t.app, user.id)
  return { ...t, user, actor, interviewId }
}

describe('study deck', () => {
  it('holds missed and shaky questions with a researched answer, not nailed or unresearched ones', async () => {
    const { app, actor, user, interviewId } = await setup()
    const missed = addQuestion(app, user.id, interviewId, { text: 'Missed one', confidence: 'missed' })
    const shaky = addQuestion(app, user.id, interviewId, { text: 'Shaky one', confidence: 'shaky' })
    addQuestion(app, user.id, interviewId, { text: 'Nailed one', confidence: 'nailed' })
    addQuestion(app, user.id, interviewId, { text: 'Not researched', confidence: 'missed', answer: '' })

    const due = app.study.due(actor, { limit: 10 })
    expect(due.items.map((c) => c.questionId)).toEqual([missed.id, shaky.id])
    expect(due.total).toBe(2)
    expect(due.items[0]).toMatchObject({
      cardId: null,
      company: 'Acme',
      researchedAnswer: 'The researched answer.',
    })
    expect(app.db.prepare('SELECT count(*) FROM study_cards').pluck().get()).toBe(0)
  })

  it('follows changes to a question: research added, confidence raised, question deleted', async () => {
    const { app, actor, user, interviewId, clock } = await setup()
    const q = addQuestion(app, user.id, interviewId, { answer: '' })
    expect(app.study.dueCount(actor)).toBe(0)
    const data = { ...q, researchedAnswer: 'Now researched.', researched: true }
    app.repos.questions.update(user.id, q.id, data, clock.now())
    expect(app.study.dueCount(actor)).toBe(1)
    expect(app.study.review(actor, q.id, 'good').ok).toBe(true)
    app.repos.questions.update(user.id, q.id, { ...data, confidence: 'nailed' }, clock.now())
    expect(app.study.card(actor, q.id)?.eligible).toBe(false)
    expect(app.study.review(actor, q.id, 'good')).toMatchObject({ ok: false, error: 'not_in_deck' })
    app.repos.questions.remove(user.id, q.id)
    expect(app.db.prepare('SELECT count(*) FROM study_cards').pluck().get()).toBe(0)
    expect(app.db.prepare('SELECT count(*) FROM study_reviews').pluck().get()).toBe(0)
  })

  it('excludes a question on request, and includes a nailed one on request', async () => {
    const { app, actor, user, interviewId } = await setup()
    const missed = addQuestion(app, user.id, interviewId, { confidence: 'missed' })
    const nailed = addQuestion(app, user.id, interviewId, { confidence: 'nailed' })
    expect(app.study.setMode(actor, missed.id, 'exclude').ok).toBe(true)
    expect(app.study.setMode(actor, nailed.id, 'include').ok).toBe(true)
    expect(app.study.due(actor, { limit: 10 }).items.map((c) => c.questionId)).toEqual([nailed.id])
    expect(app.study.setMode(actor, missed.id, 'auto').ok).toBe(true)
    expect(app.study.dueCount(actor)).toBe(2)
  })

  it('filters by topic, ignoring case', async () => {
    const { app, actor, user, interviewId } = await setup()
    addQuestion(app, user.id, interviewId, { topics: ['Active Directory'] })
    const sql = addQuestion(app, user.id, interviewId, { topics: ['SQL'] })
    expect(app.study.due(actor, { topic: 'sql', limit: 10 }).items.map((c) => c.questionId)).toEqual([sql.id])
    expect(app.study.session(actor).topics).toEqual(['Active Directory', 'SQL'])
  })
})

describe('reviewing a card', () => {
  it('writes the card on its first review and records every review with the state before', async () => {
    const { app, actor, user, interviewId, clock } = await setup()
    const q = addQuestion(app, user.id, interviewId)
    const first = app.study.review(actor, q.id, 'good')
    if (!first.ok) throw new Error(first.message)
    expect(first.value.card.cardId).not.toBeNull()
    expect(first.value.card.state.reps).toBe(1)
    const firstDue = first.value.card.state.due
    expect(firstDue).toBeGreaterThan(clock.now())

    clock.set(firstDue)
    const second = app.study.review(actor, q.id, 'good')
    if (!second.ok) throw new Error(second.message)
    expect(second.value.card.state.due - clock.now()).toBeGreaterThan(
      firstDue - (first.value.card.state.lastReview ?? 0),
    )

    const reviews = app.db
      .prepare('SELECT rating, reviewed_at, reps_before, due_before FROM study_reviews ORDER BY id')
      .all() as { rating: number; reviewed_at: number; reps_before: number; due_before: number }[]
    expect(reviews).toHaveLength(2)
    expect(reviews[1]).toEqual({
      rating: ratingNumber('good'),
      reviewed_at: firstDue,
      reps_before: 1,
      due_before: firstDue,
    })
    expect(app.study.recompute(actor, q.id)).toEqual(second.value.card.state)
  })

  it('keeps a card rated Again due the same day, and counts today’s ratings', async () => {
    const { app, actor, user, interviewId, clock } = await setup()
    const q = addQuestion(app, user.id, interviewId)
    const again = app.study.review(actor, q.id, 'again')
    if (!again.ok) throw new Error(again.message)
    expect(again.value.card.state.due - clock.now()).toBeLessThan(DAY)
    const session = app.study.session(actor)
    expect(session.current).toBeNull()
    expect(session.dueToday).toBe(1)
    expect(session.nextDue).toBe(again.value.card.state.due)
    expect(session.today).toEqual({ again: 1, hard: 0, good: 0, easy: 0 })
    clock.set(again.value.card.state.due)
    expect(app.study.session(actor).current?.questionId).toBe(q.id)
  })

  it('refuses a rating of a card already rated since it was shown', async () => {
    const { app, actor, user, interviewId } = await setup()
    const q = addQuestion(app, user.id, interviewId)
    expect(app.study.review(actor, q.id, 'good', 0).ok).toBe(true)
    expect(app.study.review(actor, q.id, 'good', 0)).toMatchObject({ ok: false, error: 'stale' })
    expect(app.db.prepare('SELECT count(*) FROM study_reviews').pluck().get()).toBe(1)
  })

  it('never touches another user’s question', async () => {
    const { app, user, interviewId } = await setup()
    const q = addQuestion(app, user.id, interviewId)
    const other = createUser(app)
    const actor = studyAccess(ownerAccess(other.id), 'UTC')
    expect(app.study.review(actor, q.id, 'good')).toMatchObject({ ok: false, error: 'not_found' })
    expect(app.study.setMode(actor, q.id, 'exclude')).toMatchObject({ ok: false, error: 'not_found' })
    expect(app.study.dueCount(actor)).toBe(0)
    expect(app.db.prepare('SELECT count(*) FROM study_cards').pluck().get()).toBe(0)
  })
})

// The nav's count is reused between page views; these pin that it is still always right.
describe("the nav's count of cards due now", () => {
  it('drops when a card is rated and rises again at the instant it falls due, with no write between', async () => {
    const { app, clock, actor, user, interviewId } = await setup()
    const first = addQuestion(app, user.id, interviewId, { text: 'First' })
    addQuestion(app, user.id, interviewId, { text: 'Second' })
    expect(app.study.dueCount(actor)).toBe(2)

    const rated = app.study.review(actor, first.id, 'good')
    if (!rated.ok) throw new Error(rated.message)
    expect(app.study.dueCount(actor)).toBe(1)

    const due = rated.value.card.state.due
    clock.set(due - 1)
    expect(app.study.dueCount(actor)).toBe(1)
    clock.set(due)
    expect(app.study.dueCount(actor)).toBe(2)
  })

  it('follows a change written by another connection to the same database file', async () => {
    const { app, dataDir, actor, user, interviewId } = await setup()
    const question = addQuestion(app, user.id, interviewId)
    expect(app.study.dueCount(actor)).toBe(1)

    const other = new Database(`${dataDir}/debrief.sqlite`)
    try {
      other.prepare("UPDATE questions SET researched_answer = '' WHERE id = ?").run(question.id)
    } finally {
      other.close()
    }
    expect(app.study.dueCount(actor)).toBe(0)
  })

  it('counts each user on their own', async () => {
    const { app, actor, user, interviewId } = await setup()
    addQuestion(app, user.id, interviewId)
    const other = createUser(app)
    const otherActor = studyAccess(ownerAccess(other.id), 'UTC')
    expect(app.study.dueCount(otherActor)).toBe(0)
    expect(app.study.dueCount(actor)).toBe(1)
    addQuestion(app, other.id, pastInterview(app, other.id))
    expect(app.study.dueCount(otherActor)).toBe(1)
    expect(app.study.dueCount(actor)).toBe(1)
  })
})
