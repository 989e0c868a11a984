import type { ExportDocument, ImportProblem } from './transfer.js'

export { ExportCoachComment, ExportCoachComments } from './coachCommentSchema.js'

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
