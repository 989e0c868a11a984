import type { Db } from '../../src/db/connection.js'

/**
 * Ada (user 1) and her interview 1 at Acme, written straight into a database an older migration left, in the
 * columns every version since the first has had: the rows a migration test then builds on.
 */
export function adaInterviewRows(
  db: Db,
  at: number,
  interview: { kind: string; startsAt: number; endsAt: number },
): void {
  db.prepare(
    `INSERT INTO users (id, email, name, password_hash, time_zone, created_at, updated_at)
     VALUES (1, 'ada@example.com', 'Ada', 'x', 'UTC', ?, ?)`,
  ).run(at, at)
  db.prepare(
    `INSERT INTO interviews (id, user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
     VALUES (1, 1, 'Acme', 'Analyst', ?, ?, ?, 'UTC', ?, ?)`,
  ).run(interview.kind, interview.startsAt, interview.endsAt, at, at)
}
