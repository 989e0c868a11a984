import { instantToLocal } from './interview.js'

/**
 * RFC 4180 CSV: CRLF line ends, every field quoted, quotes doubled. Spreadsheet programs run a
 * cell starting with =, +, -, @ (or a tab or CR that they strip first) as a formula, so such a
 * cell gets a leading apostrophe: it then shows as the text that was typed, and a question like
 * "=HYPERLINK(...)" copied from an interview cannot run when the file is opened.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: string | number | boolean | null | undefined): string {
  let text = value === null || value === undefined ? '' : String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return `"${text.replaceAll('"', '""')}"`
}

export function csvRow(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | boolean | null)[])[],
) {
  return csvRow(header) + rows.map(csvRow).join('')
}

export interface QuestionCsvRow {
  interviewStartsAt: number
  timeZone: string
  company: string
  role: string
  interviewer: string | null
  text: string
  confidence: string
  topics: readonly string[]
  myAnswer: string
  researchedAnswer: string
  sources: readonly string[]
  researched: boolean
  researchedAt: number | null
  includeInFollowUp: boolean
}

export const QUESTION_CSV_HEADER = [
  'Interview date',
  'Time zone',
  'Company',
  'Role',
  'Interviewer',
  'Question',
  'Confidence',
  'Topics',
  'My answer',
  'Researched answer',
  'Sources',
  'Researched',
  'Researched at',
  'Include in follow-up',
] as const

/** The interview's date is its local wall-clock time, as the user saw it; researchedAt is UTC. */
export function questionsCsv(rows: readonly QuestionCsvRow[]): string {
  return toCsv(
    QUESTION_CSV_HEADER,
    rows.map((row) => [
      instantToLocal(row.interviewStartsAt, row.timeZone).replace('T', ' '),
      row.timeZone,
      row.company,
      row.role,
      row.interviewer ?? '',
      row.text,
      row.confidence,
      row.topics.join('; '),
      row.myAnswer,
      row.researchedAnswer,
      row.sources.join('\n'),
      row.researched ? 'yes' : 'no',
      row.researchedAt === null ? '' : new Date(row.researchedAt).toISOString(),
      row.includeInFollowUp ? 'yes' : 'no',
    ]),
  )
}
