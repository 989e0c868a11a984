import { coachCommentsProblem } from './coachReviewTransfer.js'
import { emailAddressProblem as emailProblem } from './emailAddress.js'
import { badInstant, namedInterview, positionProblem, importProblem as problem } from './importRefs.js'
import { CHECK_STEP, type CheckSteps, runSteps, schemaProblemSteps } from './importSchemaCheck.js'
import { MAX_DURATION_MS } from './interview.js'
import { httpUrlProblem } from './interviewInput.js'
import { isSingleAddress } from './reminderSettings.js'
import { studyProblem } from './studyImportCheck.js'
import { isValidTimeZone as isRealTimeZone } from './timeZones.js'
import {
  EXPORT_FORMAT,
  type ExportDocument,
  IMPORT_VERSIONS,
  type ImportProblem,
  MAX_IMPORT_BYTES,
  type Parsed,
} from './transfer.js'

export { type CheckSteps, formatPath } from './importSchemaCheck.js'

// The rules of an import document past its shape (the shape is importSchemaCheck.ts's).

/**
 * The rules the schema cannot express: real time zones and instants, an end after the start,
 * safe links and addresses, and references that point at something in the same document.
 */
export function* documentProblemSteps(doc: ExportDocument): CheckSteps<ImportProblem | null> {
  // A large export repeats a handful of zones thousands of times, and each check builds a formatter.
  const zones = new Map<string, boolean>()
  const isValidTimeZone = (zone: string) => {
    const known = zones.get(zone)
    if (known !== undefined) return known
    const valid = isRealTimeZone(zone)
    zones.set(zone, valid)
    return valid
  }
  const instantFields = <T extends object>(base: string, row: T, fields: readonly (keyof T & string)[]) => {
    for (const field of fields) {
      const value = row[field] as unknown as string | null
      if (badInstant(value)) return problem(`${base}.${field}`, 'is not a real date and time')
    }
    return null
  }

  if (badInstant(doc.exportedAt)) return problem('exportedAt', 'is not a real date and time')
  if (doc.user.name.trim() === '') return problem('user.name', 'must not be empty')
  if (!isValidTimeZone(doc.user.timeZone))
    return problem('user.timeZone', 'must be an IANA time zone such as Europe/Berlin')

  for (const [i, interview] of doc.interviews.entries()) {
    if (i > 0 && i % CHECK_STEP === 0) yield
    const base = `interviews[${i}]`
    for (const field of ['company', 'role'] as const)
      if (interview[field].trim() === '') return problem(`${base}.${field}`, 'must not be empty')
    if (!isValidTimeZone(interview.timeZone))
      return problem(`${base}.timeZone`, 'must be an IANA time zone such as Europe/Berlin')
    const bad = instantFields(base, interview, [
      'startsAt',
      'endsAt',
      'followUpDoneAt',
      'createdAt',
      'updatedAt',
    ])
    if (bad) return bad
    const start = Date.parse(interview.startsAt)
    const end = Date.parse(interview.endsAt)
    if (end <= start) return problem(`${base}.endsAt`, 'must be after startsAt')
    if (end - start > MAX_DURATION_MS)
      return problem(`${base}.endsAt`, 'must be at most 12 hours after startsAt')
    if (interview.jobUrl !== '') {
      const urlProblem = httpUrlProblem(interview.jobUrl)
      if (urlProblem) return problem(`${base}.jobUrl`, urlProblem)
    }
    if (interview.followUpState === 'open' && interview.followUpDoneAt !== null)
      return problem(`${base}.followUpDoneAt`, 'must be null while followUpState is open')

    for (const [j, person] of interview.interviewers.entries()) {
      const at = `${base}.interviewers[${j}]`
      if (person.name.trim() === '') return problem(`${at}.name`, 'must not be empty')
      if (person.email !== '') {
        const emailIssue = emailProblem(person.email)
        if (emailIssue) return problem(`${at}.email`, emailIssue)
      }
      const badTime = instantFields(at, person, ['thankYouSentAt', 'answersSentAt', 'createdAt', 'updatedAt'])
      if (badTime) return badTime
    }

    for (const [j, question] of interview.questions.entries()) {
      const at = `${base}.questions[${j}]`
      if (question.text.trim() === '') return problem(`${at}.text`, 'must not be empty')
      if (question.interviewerIndex !== null && question.interviewerIndex >= interview.interviewers.length)
        return problem(
          `${at}.interviewerIndex`,
          `refers to interviewer ${question.interviewerIndex}, but this interview has ${interview.interviewers.length}`,
        )
      for (const [k, source] of question.sources.entries()) {
        const urlProblem = httpUrlProblem(source)
        if (urlProblem) return problem(`${at}.sources[${k}]`, urlProblem)
      }
      const badTime = instantFields(at, question, ['researchedAt', 'createdAt', 'updatedAt'])
      if (badTime) return badTime
    }

    const askedSeen = new Set<number>()
    for (const [j, asked] of interview.asked.entries()) {
      const at = `${base}.asked[${j}]`
      if (asked.askQuestionIndex !== null) {
        if (asked.askQuestionIndex >= doc.askQuestions.length)
          return problem(
            `${at}.askQuestionIndex`,
            `refers to question ${asked.askQuestionIndex}, but askQuestions has ${doc.askQuestions.length}`,
          )
        if (askedSeen.has(asked.askQuestionIndex))
          return problem(`${at}.askQuestionIndex`, 'repeats a question already asked in this interview')
        askedSeen.add(asked.askQuestionIndex)
      }
      const badTime = instantFields(at, asked, ['createdAt'])
      if (badTime) return badTime
    }
  }

  const draftSeen = new Set<string>()
  for (const [i, draft] of doc.drafts.entries()) {
    if (i > 0 && i % (8 * CHECK_STEP) === 0) yield
    const at = `drafts[${i}]`
    const interview = namedInterview(doc, at, draft.interviewIndex)
    if ('path' in interview) return interview
    const outside = positionProblem(at, interview, 'interviewers', draft.interviewerIndex)
    if (outside) return outside
    const key = `${draft.interviewIndex}:${draft.interviewerIndex}:${draft.kind}`
    if (draftSeen.has(key))
      return problem(`${at}.kind`, 'repeats a draft of the same kind for the same interviewer')
    draftSeen.add(key)
    if ((draft.state === 'sent') !== (draft.sentAt !== null))
      return problem(`${at}.sentAt`, 'must be set exactly when state is "sent"')
    const badTime = instantFields(at, draft, ['sentAt', 'createdAt', 'updatedAt'])
    if (badTime) return badTime
  }

  const settings = doc.reminderSettings
  if (new Set(settings.leads).size !== settings.leads.length)
    return problem('reminderSettings.leads', 'must not repeat a lead')
  if (settings.quietHours && settings.quietHours.start === settings.quietHours.end)
    return problem('reminderSettings.quietHours.end', 'must differ from the start')
  // The same rule as the reminder settings page, so every address it accepted can come back.
  if (settings.email !== null && !isSingleAddress(settings.email))
    return problem('reminderSettings.email', 'must be one e-mail address such as you@example.com')
  return studyProblem(doc) ?? coachCommentsProblem(doc)
}

export const documentProblem = (doc: ExportDocument) => runSteps(documentProblemSteps(doc))

export const problemMessage = (p: ImportProblem) =>
  p.path === '(document)' ? `The file ${p.message}.` : `${p.path} ${p.message}.`

/** Any value (a parsed API body) → a checked document, or the first problem with its path. */
export function* checkImportSteps(value: unknown): CheckSteps<Parsed> {
  const structural = yield* schemaProblemSteps(value)
  if (structural) return { ok: false, problem: structural }
  yield
  const document = value as ExportDocument
  const semantic = yield* documentProblemSteps(document)
  return semantic ? { ok: false, problem: semantic } : { ok: true, document }
}

export const checkImport = (value: unknown) => runSteps(checkImportSteps(value))

/** The text of an uploaded or pasted file → a checked document, or the first problem. */
export function* parseImportSteps(text: string): CheckSteps<Parsed> {
  if (Buffer.byteLength(text, 'utf8') > MAX_IMPORT_BYTES)
    return {
      ok: false,
      problem: { path: '(document)', message: `is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB` },
    }
  let value: unknown
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (error) {
    return {
      ok: false,
      problem: { path: '(document)', message: `is not valid JSON (${(error as Error).message})` },
    }
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    (value as { format?: unknown }).format !== EXPORT_FORMAT
  )
    return {
      ok: false,
      problem: { path: 'format', message: `must be "${EXPORT_FORMAT}": this is not a Debrief export` },
    }
  if (!IMPORT_VERSIONS.includes((value as { version?: unknown }).version as number))
    return {
      ok: false,
      problem: {
        path: 'version',
        message: `must be ${IMPORT_VERSIONS.join(' or ')}; this file comes from a different version of Debrief`,
      },
    }
  yield
  return yield* checkImportSteps(value)
}

export const parseImport = (text: string) => runSteps(parseImportSteps(text))
