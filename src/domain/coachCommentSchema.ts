import { type Static, Type } from 'typebox'
import { Closed, Index, Instant, NullableInstant } from './documentSchema.js'
import { DRAFT_KINDS } from './drafts.js'
import { LIMITS } from './interviewInput.js'

// The coach's part of the export document, apart from transfer.ts (which includes it) and from
// its import checks (coachReviewTransfer.ts, which read the whole document).

/**
 * A coach's comment on one of the user's notes (interview, interviewer, kind) or researched
 * answers (interview, question), by position in the document. The coach is kept by name: an
 * import gives no account access to anybody.
 */
export const ExportCoachComment = Closed({
  interviewIndex: Index,
  interviewerIndex: Type.Union([Index, Type.Null()]),
  kind: Type.Union([Type.Enum([...DRAFT_KINDS]), Type.Null()]),
  questionIndex: Type.Union([Index, Type.Null()]),
  coachName: Type.String({ minLength: 1, maxLength: 100 }),
  body: Type.String({ maxLength: 4000 }),
  suggestion: Type.Union([Type.String({ maxLength: LIMITS.answer }), Type.Null()]),
  state: Type.Enum(['open', 'applied', 'dismissed']),
  resolvedAt: NullableInstant,
  createdAt: Instant,
})

export const ExportCoachComments = Type.Array(ExportCoachComment, {
  maxItems: 100_000,
  description: "Coaches' comments on your notes and answers (version 3)",
})

export type ExportCoachComment = Static<typeof ExportCoachComment>
