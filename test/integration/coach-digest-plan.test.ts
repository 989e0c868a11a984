import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { COACH_DIGEST_SQL } from '../../src/db/coachDigests.js'
import { openDatabase } from '../../src/db/connection.js'
import { migrate } from '../../src/db/migrate.js'
import { tempDir } from '../helpers/app.js'

const NOW = Date.parse('2026-03-02T15:00:00Z')
const H = 3_600_000
const dir = tempDir()
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * A coach with 100 candidates, each with a long history, among other coaches: the digest's queries must reach the
 * candidates through the coach's links and each candidate's rows through an index, so their cost
 * follows what is open, not how much everyone has ever logged.
 */
describe('coach digest queries', () => {
  it('search the coach’s links, then each candidate’s open follow-ups and requests by index', () => {
    const db = openDatabase(join(dir, 'digest.sqlite'))
    migrate(db, undefined, NOW)
    const user = db.prepare(
      `INSERT INTO users (email, name, password_hash, time_zone, created_at, updated_at)
       VALUES (?, ?, '!', 'UTC', 0, 0) RETURNING id`,
    )
    const interview = db.prepare(
      `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, follow_up_state, created_at, updated_at)
       VALUES (?, 'Acme', 'Engineer', 'technical', ?, ?, 'UTC', ?, 0, 0)`,
    )
    db.transaction(() => {
      const coach = (user.get('coach@example.com', 'Coach') as { id: number }).id
      for (let c = 0; c < 100; c++) {
        const id = (user.get(`c${c}@example.com`, `Candidate ${c}`) as { id: number }).id
        db.prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, 0)').run(
          id,
          coach,
        )
        for (let i = 0; i < 30; i++) {
          const ends = NOW - (i + 1) * 24 * H
          interview.run(id, ends - H, ends, i < 2 ? 'open' : 'done')
        }
      }
      // Other coaches with caseloads of their own.
      for (let k = 0; k < 10; k++) {
        const other = (user.get(`coach${k}@example.com`, `Coach ${k}`) as { id: number }).id
        for (let c = 0; c < 20; c++) {
          const id = (user.get(`k${k}c${c}@example.com`, `Candidate ${k}.${c}`) as { id: number }).id
          db.prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, 0)').run(
            id,
            other,
          )
          interview.run(id, NOW - 2 * H, NOW - H, 'open')
        }
      }
    })()
    db.exec('ANALYZE')
    const plan = (sql: string) =>
      (
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all({ coachId: 1, now: NOW, from: NOW - 7 * 24 * H, until: NOW + 12 * H }) as { detail: string }[]
      ).map((r) => r.detail)
    const deadlines = plan(COACH_DIGEST_SQL.deadlines)
    expect(deadlines[0]).toMatch(/SEARCH l USING COVERING INDEX coach_links_by_coach \(coach_id=\?\)/)
    expect(deadlines).toContainEqual(expect.stringMatching(/SEARCH i USING INDEX interviews_open_by_end/))
    const requests = plan(COACH_DIGEST_SQL.requests)
    expect(requests[0]).toMatch(/coach_links_by_coach \(coach_id=\?\)/)
    expect(requests).toContainEqual(
      expect.stringMatching(/SEARCH r USING INDEX coach_review_requests_open_by_user/),
    )
    for (const detail of [...deadlines, ...requests]) expect(detail).not.toMatch(/^SCAN/)
    db.close()
  })
})
