import { planQueue } from './claimQueue.js'
import {
  type ClaimedCoachMail,
  type CoachDigestSettings,
  DEFAULT_COACH_DIGEST,
  type DigestDeadline,
  type DigestRequest,
  toCoachMailView,
} from './coachDigestRows.js'
import type { Db } from './connection.js'
import { dailyMessagePlanner, recentDays } from './dailyMessagePlan.js'

export {
  type ClaimedCoachMail,
  type CoachDigestSettings,
  type CoachMailKind,
  type CoachMailState,
  type CoachMailView,
  DEFAULT_COACH_DIGEST,
  type DigestDeadline,
  type DigestRequest,
} from './coachDigestRows.js'

const DAY_MS = 86_400_000

/**
 * The digest's two queries, each one search over the coach's links (indexed by coach), never a
 * query per candidate: open follow-ups whose deadline is in the window, and open review requests.
 */
// CROSS JOIN keeps the coach's links the outer loop (SQLite never reorders it), so the plan does
// not turn into a walk over every user's open follow-ups when one coach holds most links.
export const COACH_DIGEST_SQL = {
  deadlines: `SELECT u.id AS candidate_id, u.name AS candidate_name, i.id AS interview_id, i.company, i.role,
       i.ends_at + ${DAY_MS} AS deadline
     FROM coach_links l
     CROSS JOIN interviews i ON i.user_id = l.candidate_id
       AND i.follow_up_state = 'open' AND i.outcome NOT IN ('offer', 'rejected', 'withdrawn')
       AND i.ends_at BETWEEN @from - ${DAY_MS} AND @until - ${DAY_MS} AND i.ends_at <= @now
     JOIN users u ON u.id = l.candidate_id
     WHERE l.coach_id = @coachId
     ORDER BY deadline, i.id`,
  requests: `SELECT u.id AS candidate_id, u.name AS candidate_name, i.id AS interview_id, i.company, i.role,
       p.name AS interviewer_name, r.kind, r.created_at AS requested_at
     FROM coach_links l
     CROSS JOIN coach_review_requests r ON r.user_id = l.candidate_id AND r.state = 'open'
     JOIN users u ON u.id = l.candidate_id
     JOIN interviews i ON i.id = r.interview_id AND i.user_id = r.user_id
     JOIN interviewers p ON p.id = r.interviewer_id AND p.user_id = r.user_id
     LEFT JOIN drafts d ON d.interviewer_id = r.interviewer_id AND d.kind = r.kind AND d.user_id = r.user_id
     WHERE l.coach_id = @coachId AND coalesce(d.state, 'draft') <> 'sent'
     ORDER BY r.created_at, r.id`,
} as const

/**
 * The coach's durable mail: daily digests (one row per coach and local day, planned idempotently
 * on the day's unique key) and review-request notices (one per request and coach, written with
 * the request). When due, a row is handed to the coach's channels like a study reminder: claims,
 * leases and the hand-off are planQueue's (claimQueue.ts), each channel's delivery then lives on
 * its own in reminder_deliveries.
 */
export function coachDigestsRepository(db: Db) {
  const planContext = db.prepare(
    `SELECT u.time_zone, coalesce(s.enabled, 1) AS enabled, coalesce(s.minute, @defaultMinute) AS minute,
       r.user_id IS NOT NULL AS has_reminder_settings, r.quiet_start, r.quiet_end,
       EXISTS (SELECT 1 FROM coach_links l WHERE l.coach_id = u.id) AS has_candidates
     FROM users u LEFT JOIN coach_digest_settings s ON s.user_id = u.id
       LEFT JOIN reminder_settings r ON r.user_id = u.id
     WHERE u.id = @userId`,
  )
  const rowForDay = db
    .prepare("SELECT 1 FROM coach_mail WHERE kind = 'digest' AND coach_id = ? AND local_date = ?")
    .pluck()
  const insertDigest = db.prepare(
    `INSERT OR IGNORE INTO coach_mail (coach_id, kind, local_date, due_at, next_attempt_at, message_key, created_at, updated_at)
     VALUES (@userId, 'digest', @localDate, @dueAt, @dueAt, @messageKey, @now, @now)`,
  )
  const dropPending = db.prepare(
    "DELETE FROM coach_mail WHERE coach_id = ? AND kind = 'digest' AND state = 'pending'",
  )
  // Coaches with a candidate, the digest on, and none waiting: one search over the links.
  const coachesToPlan = db
    .prepare(
      `SELECT DISTINCT l.coach_id FROM coach_links l
       LEFT JOIN coach_digest_settings s ON s.user_id = l.coach_id
       WHERE coalesce(s.enabled, 1) = 1 AND NOT EXISTS (SELECT 1 FROM coach_mail m
         WHERE m.coach_id = l.coach_id AND m.kind = 'digest' AND m.state IN ('pending', 'sending'))
       LIMIT @limit`,
    )
    .pluck()

  const queue = planQueue<ClaimedCoachMail>(db, {
    table: 'coach_mail',
    // In the claim's own shape: the coach is whose channels it goes to.
    returning: `id, coach_id AS coachId, coach_id AS userId, kind, local_date AS localDate, request_id AS requestId,
      due_at AS dueAt, attempts, lease_until AS leaseUntil, message_key AS messageKey`,
    countColumn: 'item_count',
    deliveryColumn: 'coach_mail_id',
  })
  const recent = db.prepare(
    `SELECT id, coach_id, kind, local_date, request_id, due_at, state, attempts, lease_until, message_key, item_count,
       last_error, sent_at
     FROM coach_mail WHERE coach_id = ? AND kind = 'digest' ORDER BY local_date DESC LIMIT ?`,
  )

  const deadlines = db.prepare(COACH_DIGEST_SQL.deadlines)
  const requests = db.prepare(COACH_DIGEST_SQL.requests)

  const planner = dailyMessagePlanner<CoachDigestSettings>(
    db,
    'coach_digest_settings',
    {
      planContext,
      rowForDay,
      insert: insertDigest,
      dropPending,
      toPlan: coachesToPlan,
    },
    DEFAULT_COACH_DIGEST,
    // No digest for a coach without a candidate.
    (row) => row.has_candidates === 1,
  )

  /** The open review requests of the coach's linked candidates, oldest first. */
  const openRequests = (coachId: number): DigestRequest[] =>
    (
      requests.all({ coachId }) as {
        candidate_id: number
        candidate_name: string
        interview_id: number
        company: string
        role: string
        interviewer_name: string
        kind: DigestRequest['kind']
        requested_at: number
      }[]
    ).map((r) => ({
      candidateId: r.candidate_id,
      candidateName: r.candidate_name,
      interviewId: r.interview_id,
      company: r.company,
      role: r.role,
      interviewerName: r.interviewer_name,
      kind: r.kind,
      requestedAt: r.requested_at,
    }))

  return {
    ...planner,

    // Claims, leases, settling and the hand-off to the channels (claimQueue.ts).
    ...queue,

    openRequests,

    /** The coach's latest digests, newest day first. */
    recent: recentDays(recent, toCoachMailView),

    /**
     * What the digest lists at `now`: follow-ups of linked candidates due in the next `soonMs`
     * and those overdue by at most `overdueMs`, and the open review requests.
     */
    digestItems(coachId: number, now: number, soonMs: number, overdueMs: number) {
      const rows = deadlines.all({ coachId, now, from: now - overdueMs, until: now + soonMs }) as {
        candidate_id: number
        candidate_name: string
        interview_id: number
        company: string
        role: string
        deadline: number
      }[]
      const deadline = (r: (typeof rows)[number]): DigestDeadline => ({
        candidateId: r.candidate_id,
        candidateName: r.candidate_name,
        interviewId: r.interview_id,
        company: r.company,
        role: r.role,
        deadline: r.deadline,
      })
      return {
        dueSoon: rows.filter((r) => r.deadline > now).map(deadline),
        overdue: rows.filter((r) => r.deadline <= now).map(deadline),
        requests: openRequests(coachId),
      }
    },
  }
}

export type CoachDigestsRepository = ReturnType<typeof coachDigestsRepository>
export type DigestItems = ReturnType<CoachDigestsRepository['digestItems']>
