import { type Static, Type } from 'typebox'
import { DRAFT_KINDS } from './drafts.js'
import { LIMITS } from './interviewInput.js'

// The coach's part of the export document, apart from transfer.ts (which includes it) and from
// its import checks (coachReviewTransfer.ts, which read the whole document); the instant pattern
// is transfer.ts's own.
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$'
const Instant = Type.String({ pattern: ISO_INSTANT, maxLength: 40, description: 'ISO-8601 instant' })
const Index = Type.Integer({ minimum: 0, maximum: 1_000_000 })

/**
 * A coach's comment on one of the user's notes (interview, interviewer, kind) or researched
 * answers (interview, question), by position in the document. The coach is kept by name: an
 * import gives no account access to anybody.
 */
export const ExportCoachComment = Type.Object(
  {
    interviewIndex: Index,
    interviewerIndex: Type.Union([Index, Type.Null()]),
    kind: Type.Union([Type.Enum([...DRAFT_KINDS]), Type.Null()]),
    questionIndex: Type.Union([Index, Type.Null()]),
    coachName: Type.String({ minLength: 1, maxLength: 100 }),
    body: Type.String({ maxLength: 4000 }),
    suggestion: Type.Union([Type.String({ maxLength: LIMITS.answer }), Type.Null()]),
    state: Type.Enum(['open', 'applied', 'dismissed']),
    resolvedAt: Type.Union([Instant, Type.Null()]),
    createdAt: Instant,
  },
  { additionalProperties: false },
)

export const ExportCoachComments = Type.Array(ExportCoachComment, {
  maxItems: 100_000,
  description: "Coaches' comments on your notes and answers (version 3)",
})

export type ExportCoachComment = Static<typeof ExportCoachComment>
