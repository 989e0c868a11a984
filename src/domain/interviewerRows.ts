import type { Checked, Problems } from './fieldChecks.js'
import { checkInterviewer, type InterviewerData } from './questionChecks.js'

// The "Who interviewed you" rows of the new-interview form: name, title, e-mail each.

export interface InterviewerRow {
  name: string
  title: string
  email: string
}

/** How many rows one form may carry; more people than this are added on the interview page. */
export const MAX_INTERVIEWER_ROWS = 20

export const emptyRow = (): InterviewerRow => ({ name: '', title: '', email: '' })

const isEmpty = (row: InterviewerRow) =>
  row.name.trim() === '' && row.title.trim() === '' && row.email.trim() === ''

/** The key of a row's field in a form's problems: "interviewers.0.email". */
export const rowField = (index: number, field: keyof InterviewerRow): string =>
  `interviewers.${index}.${field}`

/**
 * Every row that has anything in it, checked by the interviewer rule; empty rows are the
 * form's spare ones and are skipped. Problems are keyed by row, so each shows beside its field.
 */
export function checkInterviewerRows(rows: readonly InterviewerRow[]): Checked<InterviewerData[]> {
  const problems: Problems = {}
  const people: InterviewerData[] = []
  for (const [index, row] of rows.entries()) {
    if (isEmpty(row)) continue
    const checked = checkInterviewer(row)
    if (checked.ok) people.push(checked.value)
    else
      for (const [field, problem] of Object.entries(checked.problems))
        problems[rowField(index, field as keyof InterviewerRow)] = problem
  }
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, value: people }
}
