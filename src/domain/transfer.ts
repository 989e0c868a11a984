import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { type Static, Type } from 'typebox'
import { errorMessage, typeName } from '../validation.js'
import { DRAFT_KINDS, TONES } from './drafts.js'
import { CONFIDENCES, FOLLOW_UP_STATES, INTERVIEW_KINDS, MAX_DURATION_MS, OUTCOMES } from './interview.js'
import { emailProblem, httpUrlProblem, LIMITS } from './interviewInput.js'
import { MAX_LEAD_MINUTES, MAX_LEADS, MIN_LEAD_MINUTES } from './reminderPlan.js'
import { isSingleAddress } from './reminderSettings.js'
import { isValidTimeZone as isRealTimeZone } from './timeZones.js'

/**
 * The export document, version 1: everything a user owns, without database ids. Rows refer to
 * each other by position inside the document (a question's interviewer is an index into its
 * interview's interviewers, a draft names an interview and an interviewer by index), so the
 * document can be imported into any account and its references re-resolved there.
 */
export const EXPORT_FORMAT = 'debrief-export'
export const EXPORT_VERSION = 1

/** Largest accepted document, in bytes of JSON. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

// A pattern rather than a named format, so the API's validator and the one below agree exactly.
const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,3})?)?(Z|[+-]\\d{2}:\\d{2})$'
const Instant = Type.String({ pattern: ISO_INSTANT, maxLength: 40, description: 'ISO-8601 instant' })
const NullableInstant = Type.Union([Instant, Type.Null()])
const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength })
const Tags = Type.Array(Text(LIMITS.topic, 1), { maxItems: LIMITS.topics })
const Index = Type.Integer({ minimum: 0, maximum: 1_000_000 })

const ExportInterviewer = Type.Object(
  {
    name: Text(LIMITS.personName, 1),
    title: Text(LIMITS.title),
    email: Text(LIMITS.email),
    notes: Text(LIMITS.interviewerNotes),
    topics: Tags,
    thankYouSentAt: NullableInstant,
    answersSentAt: NullableInstant,
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
)

const ExportQuestion = Type.Object(
  {
    interviewerIndex: Type.Union([Index, Type.Null()], {
      description: "Position of the interviewer in this interview's interviewers, or null",
    }),
    text: Text(LIMITS.questionText, 1),
    confidence: Type.Enum([...CONFIDENCES]),
    topics: Tags,
    myAnswer: Text(LIMITS.answer),
    researchedAnswer: Text(LIMITS.answer),
    sources: Type.Array(Text(LIMITS.url, 1), { maxItems: LIMITS.sources }),
    researched: Type.Boolean(),
    researchedAt: NullableInstant,
    includeInFollowUp: Type.Boolean(),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
)

const ExportAsked = Type.Object(
  {
    askQuestionIndex: Type.Union([Index, Type.Null()], {
      description: 'Position of the question in askQuestions, or null once it was deleted from the bank',
    }),
    text: Text(LIMITS.askText, 1),
    answerHeard: Text(LIMITS.answerHeard),
    createdAt: Instant,
  },
  { additionalProperties: false },
)

const ExportInterview = Type.Object(
  {
    company: Text(LIMITS.company, 1),
    role: Text(LIMITS.role, 1),
    kind: Type.Enum([...INTERVIEW_KINDS]),
    startsAt: Instant,
    endsAt: Instant,
    timeZone: Text(64, 1),
    location: Text(LIMITS.location),
    jobUrl: Text(LIMITS.url),
    notes: Text(LIMITS.notes),
    outcome: Type.Enum([...OUTCOMES]),
    followUpState: Type.Enum([...FOLLOW_UP_STATES]),
    followUpDoneAt: NullableInstant,
    createdAt: Instant,
    updatedAt: Instant,
    interviewers: Type.Array(ExportInterviewer, { maxItems: 500 }),
    questions: Type.Array(ExportQuestion, { maxItems: 5000 }),
    asked: Type.Array(ExportAsked, { maxItems: 1000 }),
  },
  { additionalProperties: false },
)

const ExportDraft = Type.Object(
  {
    interviewIndex: Index,
    interviewerIndex: Index,
    kind: Type.Enum([...DRAFT_KINDS]),
    tone: Type.Enum([...TONES]),
    // Rendered drafts can be longer than an edit may make them (every researched answer of an
    // interview in one note), so these limits are wider than the drafts form's.
    subject: Text(2000),
    body: Text(1_000_000),
    edited: Type.Boolean(),
    renderedHash: Text(128),
    // A send in flight is exported as a draft: the claim belongs to the process that made it.
    state: Type.Enum(['draft', 'sent']),
    sentAt: NullableInstant,
    sentVia: Type.Union([Type.Enum(['debrief', 'manual']), Type.Null()]),
    messageId: Type.Union([Text(998), Type.Null()]),
    createdAt: Instant,
    updatedAt: Instant,
  },
  { additionalProperties: false },
)

const ExportReminderSettings = Type.Object(
  {
    leads: Type.Array(Type.Integer({ minimum: MIN_LEAD_MINUTES, maximum: MAX_LEAD_MINUTES }), {
      maxItems: MAX_LEADS,
      description: 'Minutes before the deadline',
    }),
    researchEnabled: Type.Boolean(),
    overdueEnabled: Type.Boolean(),
    quietHours: Type.Union([
      Type.Object(
        {
          start: Type.Integer({ minimum: 0, maximum: 1439 }),
          end: Type.Integer({ minimum: 0, maximum: 1439 }),
        },
        { additionalProperties: false },
      ),
      Type.Null(),
    ]),
    email: Type.Union([Text(LIMITS.email, 1), Type.Null()]),
  },
  { additionalProperties: false },
)

export const ExportDocument = Type.Object(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Literal(EXPORT_VERSION),
    exportedAt: Instant,
    user: Type.Object({ name: Text(100, 1), timeZone: Text(64, 1) }, { additionalProperties: false }),
    interviews: Type.Array(ExportInterview, { maxItems: 20_000 }),
    askQuestions: Type.Array(
      Type.Object({ text: Text(LIMITS.askText, 1) }, { additionalProperties: false }),
      {
        maxItems: 5000,
      },
    ),
    drafts: Type.Array(ExportDraft, { maxItems: 100_000 }),
    reminderSettings: ExportReminderSettings,
  },
  { additionalProperties: false, description: 'Everything one account owns, as exported by Debrief' },
)

export type ExportDocument = Static<typeof ExportDocument>
export type ExportInterview = Static<typeof ExportInterview>
export type ExportDraft = Static<typeof ExportDraft>
export type ExportReminderSettings = Static<typeof ExportReminderSettings>

export const iso = (ms: number) => new Date(ms).toISOString()
export const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))
/** Only for values that passed the schema's ISO pattern and checkDocument. */
export const ms = (value: string) => Date.parse(value)
export const msOrNull = (value: string | null) => (value === null ? null : Date.parse(value))

export interface ImportProblem {
  /** Where in the document, e.g. "interviews[2].questions[0].confidence"; "(document)" for the whole. */
  path: string
  message: string
}

export type Parsed = { ok: true; document: ExportDocument } | { ok: false; problem: ImportProblem }

// Ajv is already loaded for request validation; TypeBox's own compiler would add about
// 0.4 s of module loading to every start for a check that runs only on import. Compiled on
// first use for the same reason.
let compiled: ValidateFunction | undefined
const exportValidator = () =>
  (compiled ??= new Ajv({ allErrors: true, strict: false }).compile(ExportDocument as object))

/** "/interviews/2/questions/0/text" → "interviews[2].questions[0].text". */
export function formatPath(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
  let path = ''
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`
  return path || '(document)'
}

function describeError(error: ErrorObject, siblings: readonly ErrorObject[]): ImportProblem {
  const p = error.params
  const path = formatPath(error.instancePath)
  const at = (name: string) => (path === '(document)' ? name : `${path}.${name}`)
  // A nullable field reports one failure per alternative; say which types would do.
  if (siblings.some((e) => e.keyword === 'anyOf')) {
    const types = siblings.flatMap((e) => (e.keyword === 'type' ? [typeName(String(e.params.type))] : []))
    const enums = siblings.flatMap((e) => (e.keyword === 'enum' ? (e.params.allowedValues as unknown[]) : []))
    const options = [...new Set([...types, ...enums.map((v) => JSON.stringify(v))])]
    return { path, message: `must be ${options.join(' or ') || 'of another shape'}` }
  }
  switch (error.keyword) {
    case 'required':
      return { path: at(String(p.missingProperty)), message: errorMessage(error) }
    case 'additionalProperties':
      return { path: at(String(p.additionalProperty)), message: errorMessage(error) }
    case 'pattern':
      return {
        path,
        message: 'must be an ISO-8601 date and time with an offset, e.g. 2026-03-02T14:30:00.000Z',
      }
    default:
      return { path, message: errorMessage(error) }
  }
}

/** The first structural problem (in document order), or null when the value fits the schema. */
export function schemaProblem(value: unknown): ImportProblem | null {
  const validate = exportValidator()
  if (validate(value)) return null
  const errors = validate.errors ?? []
  const first = errors[0]
  if (!first) return { path: '(document)', message: 'is not a Debrief export' }
  return describeError(
    first,
    errors.filter((e) => e.instancePath === first.instancePath),
  )
}

/**
 * The rules the schema cannot express: real time zones and instants, an end after the start,
 * safe links and addresses, and references that point at something in the same document.
 */
export function documentProblem(doc: ExportDocument): ImportProblem | null {
  const problem = (path: string, message: string): ImportProblem => ({ path, message })
  // A large export repeats a handful of zones thousands of times, and each check builds a formatter.
  const zones = new Map<string, boolean>()
  const isValidTimeZone = (zone: string) => {
    const known = zones.get(zone)
    if (known !== undefined) return known
    const valid = isRealTimeZone(zone)
    zones.set(zone, valid)
    return valid
  }
  const badInstant = (value: string | null) => value !== null && Number.isNaN(Date.parse(value))
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
    const at = `drafts[${i}]`
    const interview = doc.interviews[draft.interviewIndex]
    if (!interview)
      return problem(
        `${at}.interviewIndex`,
        `refers to interview ${draft.interviewIndex}, but the document has ${doc.interviews.length}`,
      )
    if (draft.interviewerIndex >= interview.interviewers.length)
      return problem(
        `${at}.interviewerIndex`,
        `refers to interviewer ${draft.interviewerIndex}, but that interview has ${interview.interviewers.length}`,
      )
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
  return null
}

export const problemMessage = (p: ImportProblem) =>
  p.path === '(document)' ? `The file ${p.message}.` : `${p.path} ${p.message}.`

/** Any value (a parsed API body) → a checked document, or the first problem with its path. */
export function checkImport(value: unknown): Parsed {
  const structural = schemaProblem(value)
  if (structural) return { ok: false, problem: structural }
  const document = value as ExportDocument
  const semantic = documentProblem(document)
  return semantic ? { ok: false, problem: semantic } : { ok: true, document }
}

/** The text of an uploaded or pasted file → a checked document, or the first problem. */
export function parseImport(text: string): Parsed {
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
  if ((value as { version?: unknown }).version !== EXPORT_VERSION)
    return {
      ok: false,
      problem: {
        path: 'version',
        message: `must be ${EXPORT_VERSION}; this file comes from a different version of Debrief`,
      },
    }
  return checkImport(value)
}
