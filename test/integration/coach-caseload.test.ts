import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { CONNECTION_PRAGMAS, type Db } from '../../src/db/connection.js'
import { repositories } from '../../src/db/index.js'
import { migrate } from '../../src/db/migrate.js'
import { ownerAccess } from '../../src/services/access.js'
import { coachService } from '../../src/services/coach/index.js'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import { tempDir } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { seedInterview } from '../helpers/seedRows.js'

const H = 3_600_000
const DAY = 24 * H
let dirs: string[] = []
afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  dirs = []
})

/** A real database file whose connection reports every statement it runs. */
function open() {
  const dir = tempDir()
  dirs.push(dir)
  const statements: string[] = []
  const db = new Database(join(dir, 'caseload.sqlite'), {
    verbose: (sql) => statements.push(String(sql)),
  }) as Db
  for (const pragma of CONNECTION_PRAGMAS) db.pragma(pragma)
  const clock = new TestClock()
  migrate(db, undefined, clock.now())
  const repos = repositories(db)
  const timeline = interviewTimeline(db, repos)
  const mailer = { kind: 'local' as const, send: async () => ({ messageId: '', response: '' }) }
  const service = coachService({ db, repos, clock, config: { baseUrl: 'http://127.0.0.1:3000' }, mailer })
  let n = 0
  const user = (name: string) =>
    repos.users.create(
      { email: `u${++n}@example.com`, name, passwordHash: 'x', timeZone: 'UTC' },
      clock.now(),
    )
  const interview = (userId: number, endsAt: number, company = 'Acme') =>
    timeline.create(
      userId,
      seedInterview({
        company,
        role: 'Engineer',
        startsAt: endsAt - H,
        endsAt,
        timeZone: 'UTC',
        outcome: 'pending',
      }),
      endsAt - 2 * H,
    )
  return { db, repos, timeline, clock, service, statements, user, interview }
}

describe('the caseload', () => {
  it('lists every linked candidate, most urgent first, with deadlines, overdue notes, on-time rate and last activity', () => {
    const t = open()
    const now = t.clock.now()
    const coach = t.user('Casey Coach')
    const other = t.user('Other Coach')
    const soon = t.user('Nia') // deadline in 2 h
    const later = t.user('Ola') // deadline in 20 h
    const late = t.user('Pat') // only overdue notes
    const quiet = t.user('Quinn') // nothing open
    const notMine = t.user('Ruth') // another coach's candidate
    for (const c of [soon, later, late, quiet]) t.repos.coachLinks.create(c.id, coach.id, now)
    t.repos.coachLinks.create(notMine.id, other.id, now)
    t.interview(soon.id, now - 22 * H, 'Soon Co')
    t.interview(later.id, now - 4 * H, 'Later Co')
    t.interview(late.id, now - 3 * DAY, 'Late Co')
    t.interview(late.id, now - 4 * DAY, 'Later Late Co')
    // Quinn: one follow-up done on time, one done late, both within the last 30 days.
    const onTime = t.interview(quiet.id, now - 5 * DAY)
    const tardy = t.interview(quiet.id, now - 6 * DAY)
    t.timeline.setFollowUpState(quiet.id, onTime.id, 'done', now - 5 * DAY + 3 * H)
    t.timeline.setFollowUpState(quiet.id, tardy.id, 'done', now - 4 * DAY)
    t.interview(notMine.id, now - H)

    const caseload = t.service.caseload(ownerAccess(coach.id))
    expect(caseload.map((c) => c.name)).toEqual(['Nia', 'Ola', 'Pat', 'Quinn'])
    const [nia, ola, pat, quinn] = caseload
    expect(nia!.deadlines).toEqual([expect.objectContaining({ company: 'Soon Co', deadline: now + 2 * H })])
    expect(ola!.deadlines.map((d) => d.deadline)).toEqual([now + 20 * H])
    expect(pat!.deadlines).toEqual([])
    expect(pat!.overdue).toBe(2)
    expect(pat!.onTimeRate).toBe(0)
    expect(quinn!.overdue).toBe(0)
    expect(quinn!.onTimeRate).toBe(0.5)
    // The later of the last finished follow-up (the late one, 4 days ago) and the last interview's end.
    expect(quinn!.lastActivityAt).toBe(now - 4 * DAY)
    expect(nia!.lastActivityAt).toBe(now - 22 * H)
    expect(nia!.onTimeRate).toBeNull()
    expect(caseload.some((c) => c.name === 'Ruth')).toBe(false)
    expect(t.service.caseload(ownerAccess(other.id)).map((c) => c.name)).toEqual(['Ruth'])
    t.db.close()
  })

  it('runs the same number of statements for one candidate as for forty', () => {
    const counts: number[] = []
    for (const size of [1, 40]) {
      const t = open()
      const now = t.clock.now()
      const coach = t.user('Coach')
      for (let i = 0; i < size; i++) {
        const candidate = t.user(`Candidate ${i}`)
        t.repos.coachLinks.create(candidate.id, coach.id, now)
        for (let k = 0; k < 5; k++) t.interview(candidate.id, now - (k * 13 + 1) * H)
      }
      t.statements.length = 0
      const caseload = t.service.caseload(ownerAccess(coach.id))
      expect(caseload).toHaveLength(size)
      counts.push(t.statements.length)
      t.db.close()
    }
    expect(counts[0]).toBeGreaterThan(0)
    expect(counts[1]).toBe(counts[0])
  })
})
