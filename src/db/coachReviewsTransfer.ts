import type { ExportCoachComment } from '../domain/coachReviewTransfer.js'
import type { DraftKind } from '../domain/drafts.js'
import type { ExportDocument } from '../domain/transfer.js'
import { iso, isoOrNull, ms, msOrNull } from '../domain/transfer.js'
import type { Db } from './connection.js'

interface CommentRow {
  interview_id: number
  interviewer_id: number | null
  kind: DraftKind | null
  question_id: number | null
  coach_name: string
  body: string
  suggestion: string | null
  state: ExportCoachComment['state']
  resolved_at: number | null
  created_at: number
}

type Positions = ReadonlyMap<number, { interview: number; index: number }>

/** Coach comments in and out of export documents, naming notes and questions by position. */
export function coachReviewsTransferRepository(db: Db) {
  const comments = db.prepare(
    `SELECT interview_id, interviewer_id, kind, question_id, coach_name, body, suggestion, state, resolved_at, created_at
     FROM coach_comments WHERE user_id = ? ORDER BY created_at, id`,
  )
  const insert = db.prepare(
    `INSERT INTO coach_comments (user_id, coach_id, coach_name, interview_id, interviewer_id, kind, question_id, body,
       suggestion, state, resolved_at, created_at, updated_at)
     VALUES (@userId, NULL, @coachName, @interviewId, @interviewerId, @kind, @questionId, @body, @suggestion, @state,
       @resolvedAt, @createdAt, @createdAt)`,
  )

  return {
    exportComments(
      userId: number,
      interviewPosition: ReadonlyMap<number, number>,
      people: Positions,
      questions: Positions,
    ): ExportCoachComment[] {
      const out: ExportCoachComment[] = []
      for (const row of comments.all(userId) as CommentRow[]) {
        const interviewIndex = interviewPosition.get(row.interview_id)
        if (interviewIndex === undefined) continue
        const at =
          row.question_id === null ? people.get(row.interviewer_id ?? -1) : questions.get(row.question_id)
        if (!at || at.interview !== interviewIndex) continue
        out.push({
          interviewIndex,
          interviewerIndex: row.question_id === null ? at.index : null,
          kind: row.question_id === null ? row.kind : null,
          questionIndex: row.question_id === null ? null : at.index,
          coachName: row.coach_name,
          body: row.body,
          suggestion: row.suggestion,
          state: row.state,
          resolvedAt: isoOrNull(row.resolved_at),
          createdAt: iso(row.created_at),
        })
      }
      return out
    },

    /** The document's comments under `userId` (the import's stand-in); those of skipped interviews are skipped. */
    stageComments: db.transaction(
      (
        userId: number,
        doc: ExportDocument,
        ids: {
          interviews: readonly (number | undefined)[]
          people: readonly (readonly number[])[]
          questions: readonly (readonly number[])[]
        },
      ): void => {
        for (const c of doc.coachComments ?? []) {
          const interviewId = ids.interviews[c.interviewIndex]
          if (interviewId === undefined) continue
          insert.run({
            userId,
            coachName: c.coachName,
            interviewId,
            interviewerId:
              c.interviewerIndex === null ? null : ids.people[c.interviewIndex]![c.interviewerIndex],
            kind: c.kind,
            questionId: c.questionIndex === null ? null : ids.questions[c.interviewIndex]![c.questionIndex],
            body: c.body,
            suggestion: c.suggestion,
            state: c.state,
            resolvedAt: msOrNull(c.resolvedAt),
            createdAt: ms(c.createdAt),
          })
        }
      },
    ),
  }
}

export type CoachReviewsTransferRepository = ReturnType<typeof coachReviewsTransferRepository>
