import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { databaseBefore } from '../helpers/oldDatabase.js'

const T = Date.UTC(2026, 2, 2, 12)

describe("migration 0021: each user's interview count", () => {
  it('counts the interviews already there, then follows every insert and delete, also by cascade', () => {
    const { db, dataDir } = databaseBefore('0021', T)
    try {
      const user = db.prepare(
        `INSERT INTO users (id, email, name, password_hash, time_zone, created_at, updated_at)
         VALUES (?, ?, 'Someone', 'x', 'UTC', ${T}, ${T})`,
      )
      const interview = db.prepare(
        `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
         VALUES (?, 'Acme', 'Analyst', 'technical', ${T}, ${T + 3_600_000}, 'UTC', ${T}, ${T})`,
      )
      for (const [id, email] of [
        [1, 'a@example.com'],
        [2, 'b@example.com'],
        [3, 'c@example.com'],
      ] as const)
        user.run(id, email)
      for (const owner of [1, 1, 1, 2]) interview.run(owner)

      expect(migrate(db, undefined, T)[0]).toBe('0021_interview_counts.sql')
      const counts = () => db.prepare('SELECT id, interview_count FROM users ORDER BY id').raw().all()
      // The oracle: counting the rows themselves.
      const counted = () =>
        db
          .prepare(
            'SELECT u.id, (SELECT count(*) FROM interviews i WHERE i.user_id = u.id) FROM users u ORDER BY u.id',
          )
          .raw()
          .all()
      expect(counts()).toEqual([
        [1, 3],
        [2, 1],
        [3, 0],
      ])

      interview.run(3)
      db.prepare('DELETE FROM interviews WHERE id = (SELECT min(id) FROM interviews WHERE user_id = 1)').run()
      expect(counts()).toEqual([
        [1, 2],
        [2, 1],
        [3, 1],
      ])
      db.prepare('DELETE FROM users WHERE id = 1').run()
      expect(db.prepare('SELECT count(*) FROM interviews WHERE user_id = 1').pluck().get()).toBe(0)
      expect(counts()).toEqual(counted())
    } finally {
      db.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
