import { badInstant, namedInterview, positionProblem, importProblem as problem } from './importRefs.js'
import type { ExportDocument, ImportProblem } from './transfer.js'

export { ExportCoachComment, ExportCoachComments } from './coachCommentSchema.js'

/** The comments' rules the schema cannot express: only from version 3, each naming a note or a question of the document. */
export function coachCommentsProblem(doc: ExportDocument): ImportProblem | null {
  const list = doc.coachComments
  // An empty list says nothing, whatever the version (an older document edited by hand or script).
  if (list === undefined || list.length === 0) return null
  if (doc.version < 3) return problem('coachComments', `is not part of a version ${doc.version} document`)
  for (const [i, c] of list.entries()) {
    const at = `coachComments[${i}]`
    const interview = namedInterview(doc, at, c.interviewIndex)
    if ('path' in interview) return interview
    const onNote = c.interviewerIndex !== null && c.kind !== null && c.questionIndex === null
    const onAnswer = c.interviewerIndex === null && c.kind === null && c.questionIndex !== null
    if (!onNote && !onAnswer)
      return problem(at, 'must name either a note (interviewerIndex and kind) or a question (questionIndex)')
    const outside =
      c.interviewerIndex !== null
        ? positionProblem(at, interview, 'interviewers', c.interviewerIndex)
        : positionProblem(at, interview, 'questions', c.questionIndex!)
    if (outside) return outside
    if ((c.state === 'open') !== (c.resolvedAt === null))
      return problem(`${at}.resolvedAt`, 'must be set exactly when the comment was applied or dismissed')
    for (const field of ['resolvedAt', 'createdAt'] as const)
      if (badInstant(c[field])) return problem(`${at}.${field}`, 'is not a real date and time')
  }
  return null
}
