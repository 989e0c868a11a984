import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { STUDY_SQL } from '../../src/db/studyCards.js'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { bigExport } from '../helpers/bigExport.js'
import { userIdOf } from '../helpers/insightFixtures.js'
import { databaseBefore } from '../helpers/oldDatabase.js'
import { adaInterviewRows } from '../helpers/oldRows.js'

const T = Date.UTC(2026, 2, 2, 12)

describe('migration 0020: researched is having a researched answer', () => {
  it('re-derives researched and researched_at, and the counters and the study deck follow', () => {
    const { db } = databaseBefore('0020', T)
    adaInterviewRows(db, T, { kind: 'technical', startsAt: T - 7_200_000, endsAt: T - 3_600_000 })
    const insert = db.prepare(
      `INSERT INTO questions (id, user_id, interview_id, text, confidence, researched_answer, researched,
         researched_at, created_at, updated_at)
       VALUES (@id, 1, 1, @text, 'missed', @answer, @researched, @at, ${T}, @updated)`,
    )
    const rows = [
      // Ticked and answered: unchanged, the moment kept.
      { id: 1, text: 'ticked, answered', answer: 'Answer', researched: 1, at: T + 1, updated: T + 9 },
      // Answered but never ticked: researched now, dated by its last change.
      { id: 2, text: 'answered only', answer: 'Answer', researched: 0, at: null, updated: T + 5 },
      // Ticked without an answer: no research.
      { id: 3, text: 'ticked only', answer: '', researched: 1, at: T + 2, updated: T + 9 },
      // White space only is no answer, and is stored as none.
      { id: 4, text: 'blank answer', answer: ' \n\t ', researched: 1, at: T + 3, updated: T + 9 },
      { id: 5, text: 'nothing', answer: '', researched: 0, at: null, updated: T + 9 },
    ]
    for (const row of rows) insert.run(row)
    const counters = () =>
      db.prepare('SELECT research_total AS total, research_done AS done FROM interviews WHERE id = 1').get()
    expect(counters()).toEqual({ total: 5, done: 3 })

    expect(migrate(db, undefined, T)[0]).toBe('0020_researched_answer.sql')
    expect(
      db.prepare('SELECT id, researched_answer, researched, researched_at FROM questions ORDER BY id').all(),
    ).toEqual([
      { id: 1, researched_answer: 'Answer', researched: 1, researched_at: T + 1 },
      { id: 2, researched_answer: 'Answer', researched: 1, researched_at: T + 5 },
      { id: 3, researched_answer: '', researched: 0, researched_at: null },
      { id: 4, researched_answer: '', researched: 0, researched_at: null },
      { id: 5, researched_answer: '', researched: 0, researched_at: null },
    ])
    expect(counters()).toEqual({ total: 5, done: 2 })
    // The deck (0018's partial index) holds exactly the researched questions.
    const deck = db
      .prepare(STUDY_SQL.dueCount)
      .pluck()
      .get({ userId: 1, until: T + 86_400_000, topic: null, limit: 20 })
    expect(deck).toBe(2)
    // The full-text index is kept in step with the answers the migration rewrote.
    expect(
      db
        .prepare("SELECT count(*) FROM questions_fts WHERE questions_fts MATCH 'researched_answer : answer'")
        .pluck()
        .get(),
    ).toBe(2)
    db.close()
  })
})

describe('import derives research from the answer', () => {
  it('cannot claim research without an answer, and an answer is research', async () => {
    const ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    try {
      const email = 'importer@example.com'
      const agent = await signUp(ctx.app, { email, name: 'Importer' })
      await createToken(agent, 'import')
      const userId = userIdOf(ctx.app.db, email)
      const doc = bigExport(1, 'Claims Co')
      const [question] = doc.interviews[0]!.questions
      const base = { ...question!, confidence: 'missed' as const }
      doc.interviews[0]!.questions = [
        { ...base, text: 'claimed', researched: true, researchedAt: '2026-01-01T00:00:00.000Z' },
        { ...base, text: 'answered', researchedAnswer: 'The answer', researched: false, researchedAt: null },
        { ...base, text: 'blank', researchedAnswer: '   ', researched: true, researchedAt: null },
        {
          ...base,
          text: 'both',
          researchedAnswer: 'Another answer',
          researched: true,
          researchedAt: '2026-01-02T00:00:00.000Z',
        },
      ]
      const started = ctx.app.imports.start(userId, doc)
      expect(started.ok).toBe(true)
      const jobId = started.ok ? started.job.id : 0
      const state = () => ctx.app.db.prepare('SELECT state FROM import_jobs WHERE id = ?').pluck().get(jobId)
      for (let i = 0; i < 500 && state() === 'running'; i++) await new Promise((r) => setTimeout(r, 10))
      expect(state()).toBe('done')
      const updated = Date.parse(base.updatedAt)
      expect(
        ctx.app.db
          .prepare(
            'SELECT text, researched_answer, researched, researched_at FROM questions WHERE user_id = ? ORDER BY text',
          )
          .all(userId),
      ).toEqual([
        { text: 'answered', researched_answer: 'The answer', researched: 1, researched_at: updated },
        { text: 'blank', researched_answer: '', researched: 0, researched_at: null },
        {
          text: 'both',
          researched_answer: 'Another answer',
          researched: 1,
          researched_at: Date.parse('2026-01-02T00:00:00.000Z'),
        },
        { text: 'claimed', researched_answer: '', researched: 0, researched_at: null },
      ])
    } finally {
      await ctx.close()
    }
  })
})
