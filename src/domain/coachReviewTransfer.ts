import { type Static, Type } from 'typebox'
import { DRAFT_KINDS } from './drafts.js'
import { LIMITS } from './interviewInput.js'
import type { ExportDocument, ImportProblem } from './transfer.js'

// Kept apart from transfer.ts so the coach's part of the document is one module; the instant
// pattern is transfer.ts's own.
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

const badInstant = (value: string | null) => value !== null && Number.isNaN(Date.parse(value))

/** The comments' rules the schema cannot express: only from version 3, each naming a note or a question of the document. */
export function coachCommentsProblem(doc: ExportDocument): ImportProblem | null {
  const list = doc.coachComments
  // An empty list says nothing, whatever the version (an older document edited by hand or script).
  if (list === undefined || list.length === 0) return null
  const problem = (path: string, message: string): ImportProblem => ({ path, message })
  if (doc.version < 3) return problem('coachComments', `is not part of a version ${doc.version} document`)
  for (const [i, c] of list.entries()) {
    const at = `coachComments[${i}]`
    const interview = doc.interviews[c.interviewIndex]
    if (!interview)
      return problem(
        `${at}.interviewIndex`,
        `refers to interview ${c.interviewIndex}, but the document has ${doc.interviews.length}`,
      )
    const onNote = c.interviewerIndex !== null && c.kind !== null && c.questionIndex === null
    const onAnswer = c.interviewerIndex === null && c.kind === null && c.questionIndex !== null
    if (!onNote && !onAnswer)
      return problem(at, 'must name either a note (interviewerIndex and kind) or a question (questionIndex)')
    if (c.interviewerIndex !== null && c.interviewerIndex >= interview.interviewers.length)
      return problem(
        `${at}.interviewerIndex`,
        `refers to interviewer ${c.interviewerIndex}, but that interview has ${interview.interviewers.length}`,
      )
    if (c.questionIndex !== null && c.questionIndex >= interview.questions.length)
      return problem(
        `${at}.questionIndex`,
        `refers to question ${c.questionIndex}, but that interview has ${interview.questions.length}`,
      )
    if ((c.state === 'open') !== (c.resolvedAt === null))
      return problem(`${at}.resolvedAt`, 'must be set exactly when the comment was applied or dismissed')
    for (const field of ['resolvedAt', 'createdAt'] as const)
      if (badInstant(c[field])) return problem(`${at}.${field}`, 'is not a real date and time')
  }
  return null
}
