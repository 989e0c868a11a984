import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import { studyAccess } from '../../src/services/study.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { createUser } from '../helpers/fixtures.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const t = await createTestApp()
  cleanups.push(t.close)
  const user = createUser(t.app, { timeZone: 'Europe/Berlin' })
  const actor = studyAccess(ownerAccess(user.id), user.timeZone)
  const interviewId = pastInterview(t.app, user.id)
  return { ...t, user, actor, interviewId }
}

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
