import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { type Db, openDatabase } from '../../src/db/connection.js'
import { type Repositories, repositories } from '../../src/db/index.js'
import { migrate } from '../../src/db/migrate.js'
import type { Confidence } from '../../src/domain/interview.js'
import type { QuestionData } from '../../src/domain/interviewInput.js'
import { migrationsDir } from '../../src/paths.js'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import { tempDir } from '../helpers/app.js'
import { migratedDatabaseEach } from '../helpers/oldDatabase.js'

const NOW = Date.parse('2026-03-02T15:00:00Z')
const H = 3_600_000

const question = (confidence: Confidence, researched: boolean): QuestionData => ({
  text: `A ${confidence} question`,
  confidence,
  topics: [],
  myAnswer: '',
  researchedAnswer: '',
  sources: [],
  researched,
  includeInFollowUp: true,
  interviewerId: null,
})

/** The counts as the rows say, to hold the counter columns against. */
function recount(db: Db, interviewId: number) {
  return db
    .prepare(
      `SELECT
         (SELECT count(*) FROM questions WHERE interview_id = @id) AS questionCount,
         (SELECT count(*) FROM questions WHERE interview_id = @id AND confidence IN ('missed', 'shaky')) AS researchTotal,
         (SELECT count(*) FROM questions WHERE interview_id = @id AND confidence IN ('missed', 'shaky')
            AND researched = 1) AS researchDone,
         (SELECT count(*) FROM interviewers WHERE interview_id = @id) AS interviewerCount,
         (SELECT count(*) FROM interviewers WHERE interview_id = @id AND thank_you_sent_at IS NOT NULL) AS thankedCount`,
    )
    .get({ id: interviewId })
}

describe('per-interview progress counters', () => {
  const store = migratedDatabaseEach(NOW)
  let repos: Repositories
  let userId: number
  let interviewId: number

  beforeEach(() => {
    const { db } = store
    repos = repositories(db)
    userId = repos.users.create(
      { email: 'ada@example.com', name: 'Ada', passwordHash: 'x', timeZone: 'UTC' },
      NOW,
    ).id
    interviewId = interviewTimeline(db, repos).create(
      userId,
      {
        company: 'Acme',
        role: 'Engineer',
        kind: 'technical',
        startsAt: NOW - 2 * H,
        endsAt: NOW - H,
        timeZone: 'UTC',
        location: '',
        jobUrl: '',
        notes: '',
        outcome: 'pending',
      },
      NOW,
    ).id
  })

  const summaryCounts = () => {
    const s = repos.interviews.summary(userId, interviewId, NOW)!
    return {
      questionCount: s.questionCount,
      researchTotal: s.researchTotal,
      researchDone: s.researchDone,
      interviewerCount: s.interviewerCount,
      thankedCount: s.thankedCount,
    }
  }

  it('follow every insert, edit and delete of questions and interviewers', () => {
    const { db } = store
    const missed = repos.questions.create(userId, interviewId, question('missed', false), NOW)!
    const shaky = repos.questions.create(userId, interviewId, question('shaky', true), NOW)!
    repos.questions.create(userId, interviewId, question('nailed', true), NOW)
    const ada = repos.interviewers.create(
      userId,
      interviewId,
      { name: 'Ada', title: '', email: 'ada@example.org', notes: '', topics: [] },
      NOW,
    )!
    repos.interviewers.create(
      userId,
      interviewId,
      { name: 'Bob', title: '', email: '', notes: '', topics: [] },
      NOW,
    )
    expect(summaryCounts()).toEqual({
      questionCount: 3,
      researchTotal: 2,
      researchDone: 1,
      interviewerCount: 2,
      thankedCount: 0,
    })

    repos.questions.update(userId, missed.id, question('missed', true), NOW)
    repos.questions.update(userId, shaky.id, question('nailed', true), NOW)
    expect(interviewTimeline(db, repos).recordSent(userId, ada.id, { thankYouSentAt: NOW }, NOW)).toBe(true)
    expect(summaryCounts()).toEqual({
      questionCount: 3,
      researchTotal: 1,
      researchDone: 1,
      interviewerCount: 2,
      thankedCount: 1,
    })

    repos.questions.remove(userId, missed.id)
    repos.interviewers.remove(userId, ada.id)
    expect(summaryCounts()).toEqual({
      questionCount: 2,
      researchTotal: 0,
      researchDone: 0,
      interviewerCount: 1,
      thankedCount: 0,
    })
    expect(summaryCounts()).toEqual(recount(db, interviewId))
  })

  it('are backfilled by the migration for data written before it', () => {
    store.db.close()
    rmSync(store.dir, { recursive: true, force: true })
    store.dir = tempDir()
    store.db = openDatabase(join(store.dir, 'old.sqlite'))
    const { db, dir } = store
    // The schema as it was before this migration: every earlier file, nothing later.
    const earlier = join(dir, 'earlier-migrations')
    mkdirSync(earlier)
    for (const name of readdirSync(migrationsDir).filter((n) => n.endsWith('.sql') && n < '0009')) {
      copyFileSync(join(migrationsDir, name), join(earlier, name))
    }
    expect(migrate(db, earlier, NOW).length).toBeGreaterThan(0)
    db.exec(`INSERT INTO users (id, email, name, password_hash, created_at, updated_at) VALUES (1, 'a@b.c', 'A', 'x', 0, 0);
      INSERT INTO interviews (id, user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
        VALUES (7, 1, 'Acme', 'Engineer', 'technical', 0, 1, 'UTC', 0, 0);
      INSERT INTO interviewers (user_id, interview_id, name, thank_you_sent_at, created_at, updated_at)
        VALUES (1, 7, 'Ada', 5, 0, 0), (1, 7, 'Bob', NULL, 0, 0);
      INSERT INTO questions (user_id, interview_id, text, confidence, researched_answer, researched, created_at, updated_at)
        VALUES (1, 7, 'q1', 'missed', 'a1', 1, 0, 0), (1, 7, 'q2', 'shaky', '', 0, 0, 0), (1, 7, 'q3', 'nailed', '', 0, 0, 0);`)
    expect(migrate(db, undefined, NOW).some((name) => name.startsWith('0009'))).toBe(true)
    const row = db
      .prepare(
        `SELECT question_count AS questionCount, research_total AS researchTotal, research_done AS researchDone,
           interviewer_count AS interviewerCount, thanked_count AS thankedCount FROM interviews WHERE id = 7`,
      )
      .get()
    expect(row).toEqual({
      questionCount: 3,
      researchTotal: 2,
      researchDone: 1,
      interviewerCount: 2,
      thankedCount: 1,
    })
    expect(row).toEqual(recount(db, 7))
  })
})
