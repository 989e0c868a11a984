import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/connection.js'
import { type Repositories, repositories } from '../../src/db/index.js'
import { remindersRepository } from '../../src/db/reminders.js'
import { FOLLOW_UP_STATES, interviewStatus, OUTCOMES } from '../../src/domain/interview.js'
import type { InterviewData } from '../../src/domain/interviewInput.js'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import { createToken } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import {
  addInterviewer,
  apiClient,
  captureQuestion,
  logInterview,
  signUpUser,
} from '../helpers/interviews.js'
import { migratedDatabaseEach } from '../helpers/oldDatabase.js'

const NOW = Date.parse('2026-03-02T15:00:00Z')
const H = 3600_000

const data = (overrides: Partial<InterviewData> = {}): InterviewData => ({
  company: 'Acme',
  role: 'Engineer',
  kind: 'technical',
  startsAt: NOW + 2 * H,
  endsAt: NOW + 3 * H,
  timeZone: 'UTC',
  location: '',
  jobUrl: '',
  notes: '',
  outcome: 'pending',
  ...overrides,
})

/**
 * The real reminders repository, observed: each sync records whether it ran inside a
 * transaction, and can be made to fail to prove the interview change rolls back with it.
 */
function observedReminders(db: Db) {
  const real = remindersRepository(db)
  const calls: { interviewId: number; inTransaction: boolean }[] = []
  let failNext = false
  return {
    calls,
    failNextSync: () => {
      failNext = true
    },
    syncForInterview(interviewId: number, now: number) {
      calls.push({ interviewId, inTransaction: db.inTransaction })
      if (failNext) {
        failNext = false
        throw new Error('reminder sync failed')
      }
      real.syncForInterview(interviewId, now)
    },
  }
}

/**
 * The interview service's timeline over real repositories and observed reminders, under the
 * names the cases below use: the interviews' SQL plus the timeline's transactions, and the
 * interviewers' SQL plus recording a note as sent.
 */
function timelineOver(db: Db, repos: Repositories, reminders: ReturnType<typeof observedReminders>) {
  const timeline = interviewTimeline(db, {
    interviews: repos.interviews,
    followUp: repos.followUp,
    reminders,
  })
  const mark =
    (note: 'thankYouSentAt' | 'answersSentAt') =>
    (userId: number, id: number, at: number | null, now: number) =>
      timeline.recordSent(userId, id, { [note]: at }, now) ? repos.interviewers.get(userId, id) : undefined
  return {
    interviews: {
      ...repos.interviews,
      create: timeline.create,
      update: timeline.update,
      setFollowUpState: timeline.setFollowUpState,
    },
    interviewers: {
      ...repos.interviewers,
      markThankYouSent: mark('thankYouSentAt'),
      markAnswersSent: mark('answersSentAt'),
    },
  }
}

describe('reminder contract of the interview timeline', () => {
  const store = migratedDatabaseEach(NOW)
  let reminders: ReturnType<typeof observedReminders>
  let interviews: ReturnType<typeof timelineOver>['interviews']
  let interviewers: ReturnType<typeof timelineOver>['interviewers']
  let userId: number

  beforeEach(() => {
    const { db } = store
    const repos = repositories(db)
    userId = repos.users.create(
      { email: 'r@example.com', name: 'R', passwordHash: 'x', timeZone: 'UTC' },
      NOW,
    ).id
    reminders = observedReminders(db)
    ;({ interviews, interviewers } = timelineOver(db, repos, reminders))
  })

  const syncs = () => reminders.calls.splice(0)

  it('syncs inside the transaction of every change to the timeline', () => {
    const interview = interviews.create(userId, data(), NOW)
    expect(syncs()).toEqual([{ interviewId: interview.id, inTransaction: true }])

    interviews.update(userId, interview.id, data({ notes: 'only notes' }), NOW)
    interviews.update(
      userId,
      interview.id,
      data({ notes: 'only notes', company: 'Renamed', kind: 'panel' }),
      NOW,
    )
    expect(syncs()).toEqual([])

    for (const change of [
      { startsAt: NOW + H },
      { endsAt: NOW + 4 * H },
      { timeZone: 'Asia/Kolkata' },
      { outcome: 'offer' as const },
    ]) {
      interviews.update(userId, interview.id, data(change), NOW)
      expect(syncs(), JSON.stringify(change)).toEqual([{ interviewId: interview.id, inTransaction: true }])
    }

    interviews.setFollowUpState(userId, interview.id, 'done', NOW)
    expect(syncs()).toEqual([{ interviewId: interview.id, inTransaction: true }])
    interviews.setFollowUpState(userId, interview.id, 'done', NOW)
    expect(syncs()).toEqual([])
    interviews.setFollowUpState(userId, interview.id, 'open', NOW)
    expect(syncs()).toHaveLength(1)

    // One re-plan for a change of times and follow-up state made together, against the final state.
    interviews.update(userId, interview.id, data({ endsAt: NOW + 5 * H }), NOW, 'not_needed')
    expect(syncs()).toEqual([{ interviewId: interview.id, inTransaction: true }])
    expect(interviews.get(userId, interview.id)).toMatchObject({
      endsAt: NOW + 5 * H,
      followUpState: 'not_needed',
    })
    // Who is still to thank is read when a reminder is sent, so interviewers do not change
    // the plan; what they do change is covered in reminders-interviewers.test.ts.
  })

  it('rolls the interview change back when the reminder sync fails', () => {
    reminders.failNextSync()
    expect(() => interviews.create(userId, data(), NOW)).toThrow('reminder sync failed')
    expect(store.db.prepare('SELECT count(*) FROM interviews').pluck().get()).toBe(0)

    const interview = interviews.create(userId, data(), NOW)
    reminders.failNextSync()
    expect(() => interviews.update(userId, interview.id, data({ endsAt: NOW + 5 * H }), NOW)).toThrow()
    expect(interviews.get(userId, interview.id)!.endsAt).toBe(NOW + 3 * H)

    reminders.failNextSync()
    expect(() => interviews.setFollowUpState(userId, interview.id, 'not_needed', NOW)).toThrow()
    expect(interviews.get(userId, interview.id)!.followUpState).toBe('open')
  })

  it('completes the follow-up once everyone is thanked and has their answers, and syncs then', () => {
    const interview = interviews.create(userId, data({ startsAt: NOW - 2 * H, endsAt: NOW - H }), NOW)
    const person = { title: '', email: '', notes: '', topics: [] }
    const a = interviewers.create(userId, interview.id, { name: 'A', ...person }, NOW)!
    const b = interviewers.create(userId, interview.id, { name: 'B', ...person }, NOW)!
    const question = store.db.prepare(
      `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, researched_answer,
         researched, include_in_follow_up, created_at, updated_at)
       VALUES (?, ?, ?, 'Q', 'missed', ?, ?, 1, ?, ?)`,
    )
    question.run(userId, interview.id, b.id, 'An answer', 1, NOW, NOW)
    // Not researched yet: flagged on the drafts page, but it does not hold the follow-up open.
    question.run(userId, interview.id, a.id, '', 0, NOW, NOW)
    syncs()

    interviewers.markThankYouSent(userId, a.id, NOW, NOW)
    interviewers.markThankYouSent(userId, b.id, NOW, NOW)
    // B asked a question with a researched answer, so B's answers are still owed.
    expect(interviews.get(userId, interview.id)!.followUpState).toBe('open')
    expect(syncs()).toEqual([])

    const answered = interviewers.markAnswersSent(userId, b.id, NOW + 1, NOW + 1)
    expect(answered).toMatchObject({ answersSentAt: NOW + 1, thankYouSentAt: NOW })
    expect(interviews.get(userId, interview.id)).toMatchObject({
      followUpState: 'done',
      followUpDoneAt: NOW + 1,
    })
    expect(syncs()).toEqual([{ interviewId: interview.id, inTransaction: true }])

    // Undoing a sent mark leaves A owed a thank-you again, so the follow-up reopens.
    expect(interviewers.markThankYouSent(userId, a.id, null, NOW + 2)!.thankYouSentAt).toBeNull()
    expect(interviews.get(userId, interview.id)).toMatchObject({
      followUpState: 'open',
      followUpDoneAt: null,
    })
    expect(syncs()).toEqual([{ interviewId: interview.id, inTransaction: true }])
    expect(interviewers.markThankYouSent(userId + 1, a.id, NOW, NOW)).toBeUndefined()
  })

  it('never moves a follow-up the user set to "not needed"', () => {
    const interview = interviews.create(userId, data({ startsAt: NOW - 2 * H, endsAt: NOW - H }), NOW)
    const a = interviewers.create(
      userId,
      interview.id,
      { name: 'A', title: '', email: '', notes: '', topics: [] },
      NOW,
    )!
    interviews.setFollowUpState(userId, interview.id, 'not_needed', NOW)
    syncs()
    interviewers.markThankYouSent(userId, a.id, NOW, NOW)
    expect(interviews.get(userId, interview.id)!.followUpState).toBe('not_needed')
    interviewers.markThankYouSent(userId, a.id, null, NOW)
    expect(interviews.get(userId, interview.id)!.followUpState).toBe('not_needed')
    expect(syncs()).toEqual([])
  })

  it('derives the same status in SQL as interviewStatus()', () => {
    const interviewsList = fc.array(
      fc.record({
        endOffset: fc.integer({ min: -72, max: 72 }),
        outcome: fc.constantFrom(...OUTCOMES),
        followUpState: fc.constantFrom(...FOLLOW_UP_STATES),
      }),
      { minLength: 1, maxLength: 8 },
    )
    fc.assert(
      fc.property(interviewsList, (items) => {
        store.db.prepare('DELETE FROM interviews').run()
        for (const item of items) {
          const endsAt = NOW + item.endOffset * H
          const created = interviews.create(
            userId,
            data({ startsAt: endsAt - H, endsAt, outcome: item.outcome }),
            NOW,
          )
          interviews.setFollowUpState(userId, created.id, item.followUpState, NOW)
        }
        for (const summary of interviews.list(userId, {}, { limit: 50, offset: 0 }, NOW).items)
          expect(summary.status).toBe(interviewStatus(summary, NOW))
        const board = interviews.dashboard(userId, NOW)
        for (const i of board.needsFollowUp)
          expect(i.endsAt + 24 * H >= NOW && i.status === 'awaiting_follow_up').toBe(true)
        for (const i of board.overdue)
          expect(i.endsAt + 24 * H < NOW && i.status === 'awaiting_follow_up').toBe(true)
        for (const i of board.upcoming) expect(i.status).toBe('scheduled')
      }),
      { numRuns: 40 },
    )
  })
})

describe('the whole app', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  beforeEach(async () => {
    ctx = await createTestApp({ env: { SIGNUP: 'open' }, scheduler: false })
  })
  afterEach(async () => ctx?.close())

  it('renders the dashboard with the same number of queries for 1 or 30 interviews', async () => {
    const agent = await signUpUser(ctx.app, { email: 'n1@example.com' })
    const first = await logInterview(agent)
    await addInterviewer(agent, first)
    await captureQuestion(agent, first)

    // Count statement executions by wrapping better-sqlite3's Statement methods for one request.
    const proto = Object.getPrototypeOf(ctx.app.db.prepare('SELECT 1')) as Record<
      string,
      (...args: unknown[]) => unknown
    >
    const measure = async () => {
      let executed = 0
      const originals = Object.fromEntries(['all', 'get', 'run', 'iterate'].map((m) => [m, proto[m]!]))
      for (const [name, fn] of Object.entries(originals))
        proto[name] = function (this: unknown, ...args: unknown[]) {
          executed++
          return fn.apply(this, args)
        }
      try {
        expect((await agent.get('/')).statusCode).toBe(200)
      } finally {
        Object.assign(proto, originals)
      }
      return executed
    }
    // The first page view after a form consumes its flash message (a session write): not a query of the dashboard's.
    await agent.get('/')
    const withOne = await measure()

    const api = apiClient(ctx.app, await createToken(agent))
    for (let i = 0; i < 29; i++) {
      const end = 10 + (i % 5)
      const id = (
        await api.post('/interviews', {
          company: `C${i}`,
          role: 'R',
          startsAt: `2026-03-0${1 + (i % 4)}T0${end - 10}:00:00Z`,
          endsAt: `2026-03-0${1 + (i % 4)}T${end}:00:00Z`,
        })
      ).json().id
      await api.post(`/interviews/${id}/interviewers`, { name: 'P' })
      await api.post(`/interviews/${id}/questions`, { text: 'Q', confidence: 'shaky' })
    }
    const withThirty = await measure()
    expect(withThirty).toBe(withOne)
  })

  it("keeps reminder rows with the interview's lifecycle", async () => {
    const agent = await signUpUser(ctx.app, { email: 'rem@example.com' })
    // Ends in the future, so there is something to remind about.
    const id = await logInterview(agent, { startsAt: '2026-03-03T09:00', endsAt: '2026-03-03T10:00' })
    const rows = () =>
      ctx.app.db.prepare('SELECT state FROM reminders WHERE interview_id = ?').pluck().all(id) as string[]
    expect(rows().length).toBeGreaterThan(0)
    expect((await agent.get(`/interviews/${id}`)).body).toContain('id="reminders"')

    await agent.submit(`/interviews/${id}/follow-up`, { state: 'done' }, `/interviews/${id}`)
    expect(rows()).not.toContain('pending')

    await agent.submit(`/interviews/${id}/delete`, {}, `/interviews/${id}/delete`)
    expect(rows()).toEqual([])
  })
})
