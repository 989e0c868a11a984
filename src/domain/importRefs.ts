import type { ExportDocument, ExportInterview, ImportProblem } from './transfer.js'

// What the import checks share: drafts, study cards and coaches' comments each name an
// interview by position, and within it an interviewer or a question, and say the same when
// that position holds nothing.

export const importProblem = (path: string, message: string): ImportProblem => ({ path, message })

/** A set instant that is no real date and time (the schema checks only its pattern). */
export const badInstant = (value: string | null) => value !== null && Number.isNaN(Date.parse(value))

/** The interview that the row at `at` names by its interviewIndex, or the problem that there is none. */
export function namedInterview(
  doc: ExportDocument,
  at: string,
  index: number,
): ExportInterview | ImportProblem {
  return (
    doc.interviews[index] ??
    importProblem(
      `${at}.interviewIndex`,
      `refers to interview ${index}, but the document has ${doc.interviews.length}`,
    )
  )
}

const LISTS = {
  interviewers: { field: 'interviewerIndex', one: 'interviewer' },
  questions: { field: 'questionIndex', one: 'question' },
} as const

/** The problem of the row at `at` naming a place past the end of that interview's interviewers or questions. */
export function positionProblem(
  at: string,
  interview: ExportInterview,
  list: keyof typeof LISTS,
  index: number,
): ImportProblem | null {
  const { field, one } = LISTS[list]
  const length = interview[list].length
  return index < length
    ? null
    : importProblem(`${at}.${field}`, `refers to ${one} ${index}, but that interview has ${length}`)
}
