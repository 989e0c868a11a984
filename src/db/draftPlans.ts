import type { Db } from './connection.js'

/** one: the thank-you and the answers in one e-mail; two: a thank-you and a separate answer note. */
export type NotePlan = 'one' | 'two'

/** Each interviewer's answer to "one e-mail or two?". */
export function draftPlansRepository(db: Db) {
  const forInterview = db.prepare(
    `SELECT p.interviewer_id, p.plan FROM draft_plans p JOIN interviewers i ON i.id = p.interviewer_id
     WHERE i.interview_id = ? AND p.user_id = ?`,
  )
  const set = db.prepare(
    `INSERT INTO draft_plans (interviewer_id, user_id, plan, updated_at)
     SELECT id, user_id, @plan, @now FROM interviewers WHERE id = @interviewerId AND user_id = @userId
     ON CONFLICT (interviewer_id) DO UPDATE SET plan = excluded.plan, updated_at = excluded.updated_at`,
  )
  return {
    forInterview(userId: number, interviewId: number): Map<number, NotePlan> {
      const rows = forInterview.all(interviewId, userId) as { interviewer_id: number; plan: NotePlan }[]
      return new Map(rows.map((r) => [r.interviewer_id, r.plan]))
    },
    /** false when the interviewer is not this user's. */
    set: (userId: number, interviewerId: number, plan: NotePlan, now: number) =>
      set.run({ userId, interviewerId, plan, now }).changes === 1,
  }
}

export type DraftPlansRepository = ReturnType<typeof draftPlansRepository>
