import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEED_INTERVIEWS_SQL } from '../../src/db/calendar.js'
import { COACH_SQL } from '../../src/db/coachLinks.js'
import { type Db, openDatabase, optimizeDatabase } from '../../src/db/connection.js'
import { FOLLOW_UP_SQL } from '../../src/db/followUp.js'
import { repositories } from '../../src/db/index.js'
import { INTERVIEW_SQL } from '../../src/db/interviews.js'
import { MAILBOX_SQL } from '../../src/db/mailbox.js'
import { QUESTION_SQL } from '../../src/db/questions.js'
import { OVERDUE_UNSENT_SQL } from '../../src/db/reminderDeliveries.js'
import { REMINDER_SQL } from '../../src/db/reminders.js'
import { STUDY_SQL } from '../../src/db/studyCards.js'
import { FOLLOW_UP_WINDOW_MS } from '../../src/domain/interview.js'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import { migratedDatabase } from '../helpers/oldDatabase.js'
import { seedInterview, seedInterviewer, seedQuestion } from '../helpers/seedRows.js'

const NOW = Date.parse('2026-03-02T15:00:00Z')
const H = 3_600_000
const HEAVY_INTERVIEWS = 3_000

/** The SQL the repositories prepare, the index each must search, and parameters to plan it with. */
interface HotQuery {
  name: string
  sql: string
  index: RegExp
  params: unknown[]
}

const named = {
  userId: 1,
  id: 1,
  now: NOW,
  status: null,
  company: null,
  from: null,
  until: null,
  limit: 20,
  offset: 0,
}
const filtered = { ...named, status: 'awaiting_follow_up', company: 'Acme', from: NOW - 90 * 24 * H }

const study = { userId: 1, until: NOW, topic: null, limit: 20 }

/** A read of one interview's rows, which must search its index on (interview_id, user_id). */
const perInterview = (name: string, sql: string, index: string): HotQuery => ({
  name,
  sql,
  index: new RegExp(`${index} \\(interview_id=\\? AND user_id=\\?\\)`),
  params: [1, 1],
})

/** One interview's reminders: the table's UNIQUE (interview_id, kind, lead) key. */
const interviewReminders = (name: string, sql: string): HotQuery => ({
  name,
  sql,
  index: /USING INDEX sqlite_autoindex_reminders_1 \(interview_id=\?\)/,
  params: [1, 1],
})

const HOT_QUERIES: HotQuery[] = [
  {
    // Driven by the full-text index (checked on its own below), each match then read by rowid.
    name: 'research page: similar questions you researched',
    sql: QUESTION_SQL.similar,
    index: /^SEARCH q USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    params: [{ userId: 1, id: 1, match: '"question" OR "kerberoasting"', limit: 3 }],
  },
  {
    name: 'study: due count (the nav, every page)',
    sql: STUDY_SQL.dueCount,
    index: /questions_researched/,
    params: [study],
  },
  {
    name: "study: the nav's count and when it next changes",
    sql: STUDY_SQL.dueNowAndNext,
    index: /questions_researched/,
    params: [study],
  },
  {
    name: 'study: next due cards',
    sql: STUDY_SQL.due(20),
    index: /questions_researched/,
    params: [study],
  },
  {
    // The webhook and the settings are primary-key searches; a full scan of any of the three fails below.
    name: "dashboard: what can carry the user's reminders",
    sql: REMINDER_SQL.reach,
    index: /push_subscriptions_by_user \(user_id=\?\)/,
    params: [named],
  },
  {
    name: 'dashboard: needs follow-up',
    sql: INTERVIEW_SQL.needsFollowUp,
    index: /interviews_open_by_end/,
    params: [named],
  },
  {
    name: 'dashboard: overdue',
    sql: INTERVIEW_SQL.overdue,
    index: /interviews_open_by_end/,
    params: [named],
  },
  {
    name: 'dashboard: upcoming',
    sql: INTERVIEW_SQL.upcoming,
    index: /interviews_by_user_start \(user_id=\? AND starts_at>\?\)/,
    params: [named],
  },
  {
    name: 'dashboard: recently done',
    sql: INTERVIEW_SQL.recentlyDone,
    index: /interviews_done_by_finish/,
    params: [named],
  },
  {
    name: 'interview list page',
    sql: INTERVIEW_SQL.list(20),
    index: /interviews_by_user_start/,
    params: [named],
  },
  {
    name: 'interview list page, filtered',
    sql: INTERVIEW_SQL.list(20),
    index: /interviews_by_user_start/,
    params: [filtered],
  },
  {
    name: 'interview list total',
    sql: INTERVIEW_SQL.countAll,
    index: /SEARCH users USING INTEGER PRIMARY KEY \(rowid=\?\)/,
    params: [named],
  },
  {
    name: 'interview list total, filtered',
    sql: INTERVIEW_SQL.count,
    index: /interviews_by_user/,
    params: [filtered],
  },
  {
    name: 'interview page: summary',
    sql: INTERVIEW_SQL.summary,
    index: /INTEGER PRIMARY KEY \(rowid=\?\)/,
    params: [named],
  },
  perInterview('interview page: questions', QUESTION_SQL.forInterview, 'questions_of_interview'),
  interviewReminders('interview page: reminders', REMINDER_SQL.listForInterview),
  perInterview('follow-up: questions', FOLLOW_UP_SQL.questions, 'questions_of_interview'),
  perInterview('follow-up: interviewers', FOLLOW_UP_SQL.people, 'interviewers_of_interview'),
  interviewReminders('reminder re-plan', REMINDER_SQL.rowsForInterview),
  {
    name: 'reminder claim',
    sql: REMINDER_SQL.claimDue,
    index: /reminders_claimable \(next_attempt_at<\?\)/,
    params: [{ now: NOW, leaseUntil: NOW + H, limit: 5 }],
  },
  {
    name: 'health: reminders unsent past their time',
    sql: OVERDUE_UNSENT_SQL,
    index: /reminders_claimable \(next_attempt_at<\?\)/,
    params: [{ before: NOW }],
  },
  {
    name: 'nav: unread mailbox count',
    sql: MAILBOX_SQL.unreadCount,
    index: /mailbox_unread \(user_id=\?\)/,
    params: [1],
  },
  {
    name: 'calendar feed',
    sql: FEED_INTERVIEWS_SQL,
    index: /interviews_by_user_end \(user_id=\? AND ends_at>\?\)/,
    params: [1, NOW - 365 * 24 * H],
  },
  {
    name: 'coach caseload: figures per candidate',
    sql: COACH_SQL.caseload,
    index: /coach_links_by_coach \(coach_id=\?\)/,
    params: [{ coachId: 1, now: NOW, since: NOW - 30 * 24 * H }],
  },
  {
    name: 'coach caseload: open follow-ups',
    sql: COACH_SQL.followUps,
    index: /interviews_open_by_end \(user_id=\? AND ends_at>\? AND ends_at<\?\)/,
    params: [{ coachId: 1, now: NOW }],
  },
]

// A SCAN of these tables reads a whole table or a whole index: a user's entire history at best.
const FULL_SCAN =
  /^SCAN (interviews|reminders|questions|interviewers|users|coach_links|push_subscriptions|reminder_webhooks|reminder_settings|i|r|q|p|u|l)\b/

function plan(db: Db, query: HotQuery): string[] {
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as { detail: string }[]
  return rows.map((row) => row.detail)
}

function expectIntendedPlans(db: Db) {
  const similar = plan(db, HOT_QUERIES.find((q) => q.sql === QUESTION_SQL.similar)!)
  // The MATCH is answered by the index first (M), not asked row by row of another table (=M).
  expect(similar[0], similar.join(' | ')).toMatch(/^SCAN questions_fts VIRTUAL TABLE INDEX \d+:M/)
  for (const query of HOT_QUERIES) {
    const details = plan(db, query)
    const summary = `${query.name}: ${details.join(' | ')}`
    expect(
      details.some((d) => d.startsWith('SEARCH') && query.index.test(d)),
      summary,
    ).toBe(true)
    expect(
      details.filter((d) => FULL_SCAN.test(d)),
      summary,
    ).toEqual([])
  }
}

const hasStatistics = (db: Db) =>
  db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").pluck().get() === 1

/**
 * One user with thousands of interviews (most long finished), reminders and questions,
 * beside a user with a handful: the skew that made per-user indexes look attractive.
 */
function seedSkewed(db: Db) {
  const repos = repositories(db)
  const timeline = interviewTimeline(db, repos)
  db.pragma('synchronous = OFF')
  db.transaction(() => {
    const heavy = repos.users.create(
      { email: 'heavy@example.com', name: 'Heavy', passwordHash: 'x', timeZone: 'UTC' },
      NOW,
    )
    const light = repos.users.create(
      { email: 'light@example.com', name: 'Light', passwordHash: 'x', timeZone: 'UTC' },
      NOW,
    )
    for (let n = 0; n < HEAVY_INTERVIEWS + 5; n++) {
      const userId = n < HEAVY_INTERVIEWS ? heavy.id : light.id
      const endsAt = NOW + (n % HEAVY_INTERVIEWS) * H - (HEAVY_INTERVIEWS - 40) * H
      const interview = timeline.create(
        userId,
        seedInterview({
          company: `Company ${n}`,
          role: 'Engineer',
          startsAt: endsAt - H,
          endsAt,
          timeZone: 'UTC',
          outcome: n % 7 === 0 ? 'rejected' : 'pending',
        }),
        endsAt - 2 * H,
      )
      repos.interviewers.create(userId, interview.id, seedInterviewer(`Person ${n}`, ''), endsAt)
      for (let q = 0; q < 2; q++) {
        repos.questions.create(
          userId,
          interview.id,
          seedQuestion({
            text: `Question ${q} of ${n}`,
            confidence: q === 0 ? 'missed' : 'nailed',
            topics: [],
          }),
          endsAt,
        )
      }
      // Most of the history is settled, as it is for anyone using the app for long.
      if (endsAt + FOLLOW_UP_WINDOW_MS < NOW && n % 10 !== 0) {
        timeline.setFollowUpState(userId, interview.id, 'done', endsAt + H)
      }
    }
  })()
  db.pragma('synchronous = FULL')
}

describe('query plans of the hot paths', () => {
  let dir: string
  let file: string
  let db: Db

  beforeAll(() => {
    ;({ dir, db, file } = migratedDatabase(NOW))
  })
  afterAll(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('use their intended index on a fresh database without statistics', () => {
    expect(hasStatistics(db)).toBe(false)
    expectIntendedPlans(db)
  })

  it('use their intended index with skewed data before statistics exist', () => {
    seedSkewed(db)
    expect(db.prepare('SELECT count(*) FROM reminders WHERE user_id = 1').pluck().get()).toBeGreaterThan(1000)
    expect(hasStatistics(db)).toBe(false)
    expectIntendedPlans(db)
  })

  it('use their intended index after ANALYZE of skewed data', () => {
    db.exec('ANALYZE')
    expect(hasStatistics(db)).toBe(true)
    expectIntendedPlans(db)
  })

  it('use their intended index on a connection that ran PRAGMA optimize at open', () => {
    db.exec('DROP TABLE sqlite_stat1')
    db.close()
    db = openDatabase(file)
    expect(hasStatistics(db)).toBe(true)
    expectIntendedPlans(db)
  })

  // Value samples would make SQLite recompile most hot statements on every run (connection.ts).
  it('keep the statistics of each index but no samples of values, at open and after a refresh', () => {
    const samples = () => db.prepare('SELECT count(*) FROM sqlite_stat4').pluck().get()
    expect(samples()).toBe(0)
    db.exec('ANALYZE')
    expect(samples()).toBeGreaterThan(0)
    optimizeDatabase(db)
    expect(samples()).toBe(0)
    expect(hasStatistics(db)).toBe(true)
    expectIntendedPlans(db)
  })
})
