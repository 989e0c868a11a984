import type { DraftKind } from '../domain/drafts.js'
import {
  COMMENT_COLUMNS,
  type CoachApproval,
  type CoachComment,
  type CommentRow,
  type ReviewRequest,
  type ReviewRequestNotice,
  type ReviewTarget,
  toComment,
} from './coachReviewRows.js'
import type { Db } from './connection.js'
import { mapOne } from './rows.js'

export type {
  CoachApproval,
  CoachComment,
  CommentState,
  ReviewRequest,
  ReviewRequestNotice,
  ReviewTarget,
} from './coachReviewRows.js'

export function coachReviewsRepository(db: Db) {
  const linked = db.prepare('SELECT 1 FROM coach_links WHERE candidate_id = ? AND coach_id = ?').pluck()
  const coaches = db.prepare(
    `SELECT u.id, u.name FROM coach_links l JOIN users u ON u.id = l.coach_id
     WHERE l.candidate_id = ? ORDER BY l.created_at, l.id`,
  )
  const noteExists = db
    .prepare('SELECT 1 FROM interviewers WHERE id = ? AND interview_id = ? AND user_id = ?')
    .pluck()
  const interviewExists = db.prepare('SELECT 1 FROM interviews WHERE id = ? AND user_id = ?').pluck()
  const questionInterview = db
    .prepare('SELECT interview_id FROM questions WHERE id = ? AND user_id = ?')
    .pluck()
  const insertComment = db
    .prepare(
      `INSERT INTO coach_comments (user_id, coach_id, coach_name, interview_id, interviewer_id, kind, question_id,
         body, suggestion, created_at, updated_at)
       VALUES (@userId, @coachId, @coachName, @interviewId, @interviewerId, @kind, @questionId, @body, @suggestion,
         @now, @now)
       RETURNING id`,
    )
    .pluck()
  const closeOpenRequest = db.prepare(
    `UPDATE coach_review_requests SET state = @state, closed_at = @now
     WHERE user_id = @userId AND interviewer_id = @interviewerId AND kind = @kind AND state = 'open'`,
  )
  /** Closes the note's open review request, if it has one: answered by a coach, or withdrawn. */
  const closeRequest = (
    userId: number,
    note: { interviewerId: number; kind: DraftKind },
    state: 'answered' | 'withdrawn',
    now: number,
  ) =>
    closeOpenRequest.run({ userId, interviewerId: note.interviewerId, kind: note.kind, state, now })
      .changes === 1
  const upsertApproval = db.prepare(
    `INSERT INTO coach_approvals (user_id, coach_id, interview_id, interviewer_id, kind, text_hash, created_at)
     VALUES (@userId, @coachId, @interviewId, @interviewerId, @kind, @textHash, @now)
     ON CONFLICT (interviewer_id, kind, coach_id) DO UPDATE SET text_hash = excluded.text_hash, created_at = excluded.created_at`,
  )
  const commentById = db.prepare(
    `SELECT ${COMMENT_COLUMNS} FROM coach_comments c WHERE c.id = ? AND c.user_id = ?`,
  )
  const resolve = db.prepare(
    `UPDATE coach_comments SET state = @state, resolved_at = @now, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'open'`,
  )
  const commentsOfInterview = db.prepare(
    `SELECT ${COMMENT_COLUMNS} FROM coach_comments c WHERE c.user_id = ? AND c.interview_id = ? ORDER BY c.created_at, c.id`,
  )
  const commentsOfQuestion = db.prepare(
    `SELECT ${COMMENT_COLUMNS} FROM coach_comments c WHERE c.question_id = ? AND c.user_id = ? ORDER BY c.created_at, c.id`,
  )
  const approvalsOfInterview = db.prepare(
    `SELECT a.coach_id, u.name AS coach_name, a.interviewer_id, a.kind, a.text_hash, a.created_at
     FROM coach_approvals a JOIN users u ON u.id = a.coach_id
     WHERE a.user_id = ? AND a.interview_id = ? ORDER BY a.created_at, a.id`,
  )
  const openRequests = db.prepare(
    `SELECT id, interview_id, interviewer_id, kind, created_at FROM coach_review_requests
     WHERE user_id = ? AND interview_id = ? AND state = 'open' ORDER BY id`,
  )
  const insertRequest = db
    .prepare(
      `INSERT OR IGNORE INTO coach_review_requests (user_id, interview_id, interviewer_id, kind, created_at)
       SELECT @userId, @interviewId, p.id, @kind, @now FROM interviewers p
       WHERE p.id = @interviewerId AND p.interview_id = @interviewId AND p.user_id = @userId
       RETURNING id`,
    )
    .pluck()
  // A notice to every coach linked at the moment of asking, in the same transaction as the request.
  const insertNotices = db.prepare(
    `INSERT OR IGNORE INTO coach_mail (coach_id, kind, request_id, due_at, next_attempt_at, message_key, created_at, updated_at)
     SELECT l.coach_id, 'review', @requestId, @now, @now, lower(hex(randomblob(16))), @now, @now
     FROM coach_links l WHERE l.candidate_id = @userId`,
  )
  const notice = db.prepare(
    `SELECT r.state, u.name AS candidate_name, i.company, i.role, i.id AS interview_id, p.name AS interviewer_name, r.kind,
       EXISTS (SELECT 1 FROM coach_links l WHERE l.candidate_id = r.user_id AND l.coach_id = @coachId) AS linked
     FROM coach_review_requests r
     JOIN users u ON u.id = r.user_id
     JOIN interviews i ON i.id = r.interview_id
     JOIN interviewers p ON p.id = r.interviewer_id
     WHERE r.id = @requestId`,
  )
  return {
    /** Whether the coach has the candidate's consent right now (checked on every call). */
    isLinked: (candidateId: number, coachId: number) => linked.get(candidateId, coachId) === 1,

    coachesOf: (candidateId: number) => coaches.all(candidateId) as { id: number; name: string }[],

    hasInterview: (userId: number, interviewId: number) => interviewExists.get(interviewId, userId) === 1,

    /** Whether the target is the candidate's; for a question, its interview. */
    targetInterview(userId: number, target: ReviewTarget): number | undefined {
      if ('questionId' in target)
        return questionInterview.get(target.questionId, userId) as number | undefined
      return noteExists.get(target.interviewerId, target.interviewId, userId) === 1
        ? target.interviewId
        : undefined
    },

    /** A coach's comment; on a note it answers an open review request of that note. */
    addComment: db.transaction(
      (
        userId: number,
        coach: { id: number; name: string },
        interviewId: number,
        target: ReviewTarget,
        text: { body: string; suggestion: string | null },
        now: number,
      ): number => {
        const note = 'questionId' in target ? null : target
        const id = insertComment.get({
          userId,
          coachId: coach.id,
          coachName: coach.name,
          interviewId,
          interviewerId: note?.interviewerId ?? null,
          kind: note?.kind ?? null,
          questionId: 'questionId' in target ? target.questionId : null,
          ...text,
          now,
        }) as number
        if (note) closeRequest(userId, note, 'answered', now)
        return id
      },
    ),

    approve: db.transaction(
      (
        userId: number,
        coachId: number,
        note: { interviewId: number; interviewerId: number; kind: DraftKind },
        textHash: string,
        now: number,
      ): void => {
        upsertApproval.run({ userId, coachId, ...note, textHash, now })
        closeRequest(userId, note, 'answered', now)
      },
    ),

    comment(userId: number, id: number): CoachComment | undefined {
      return mapOne(commentById.get(id, userId), toComment)
    },

    /** Applied or dismissed, once: false when it was no longer open. */
    resolve: (userId: number, id: number, state: 'applied' | 'dismissed', now: number) =>
      resolve.run({ id, userId, state, now }).changes === 1,

    forInterview(userId: number, interviewId: number) {
      return {
        comments: (commentsOfInterview.all(userId, interviewId) as CommentRow[]).map(toComment),
        approvals: (
          approvalsOfInterview.all(userId, interviewId) as {
            coach_id: number
            coach_name: string
            interviewer_id: number
            kind: DraftKind
            text_hash: string
            created_at: number
          }[]
        ).map(
          (a): CoachApproval => ({
            coachId: a.coach_id,
            coachName: a.coach_name,
            interviewerId: a.interviewer_id,
            kind: a.kind,
            textHash: a.text_hash,
            createdAt: a.created_at,
          }),
        ),
        requests: (
          openRequests.all(userId, interviewId) as {
            id: number
            interview_id: number
            interviewer_id: number
            kind: DraftKind
            created_at: number
          }[]
        ).map(
          (r): ReviewRequest => ({
            id: r.id,
            interviewId: r.interview_id,
            interviewerId: r.interviewer_id,
            kind: r.kind,
            createdAt: r.created_at,
          }),
        ),
      }
    },

    forQuestion: (userId: number, questionId: number) =>
      (commentsOfQuestion.all(questionId, userId) as CommentRow[]).map(toComment),

    /**
     * Opens a review request for the note and queues a notice to each linked coach. undefined
     * when the interviewer is not the candidate's, or a request for this note is already open.
     */
    requestReview: db.transaction(
      (
        userId: number,
        note: { interviewId: number; interviewerId: number; kind: DraftKind },
        now: number,
      ) => {
        const requestId = insertRequest.get({ userId, ...note, now }) as number | undefined
        if (requestId === undefined) return undefined
        const notices = insertNotices.run({ requestId, userId, now }).changes
        return { requestId, notices }
      },
    ),

    withdrawRequest: (userId: number, note: { interviewerId: number; kind: DraftKind }, now: number) =>
      closeRequest(userId, note, 'withdrawn', now),

    notice(requestId: number, coachId: number): ReviewRequestNotice | undefined {
      const row = notice.get({ requestId, coachId }) as
        | {
            state: ReviewRequestNotice['state']
            candidate_name: string
            company: string
            role: string
            interview_id: number
            interviewer_name: string
            kind: DraftKind
            linked: number
          }
        | undefined
      if (!row) return undefined
      return {
        state: row.state,
        candidateName: row.candidate_name,
        company: row.company,
        role: row.role,
        interviewId: row.interview_id,
        interviewerName: row.interviewer_name,
        kind: row.kind,
        linked: row.linked === 1,
      }
    },
  }
}

export type CoachReviewsRepository = ReturnType<typeof coachReviewsRepository>
