import { type Static, Type } from 'typebox'
import { ExportCoachComments } from './coachCommentSchema.js'
import { Closed, Index, Instant, NullableInstant } from './documentSchema.js'
import { DRAFT_KINDS, TONES } from './drafts.js'
import { iso } from './format.js'
import { CONFIDENCES, FOLLOW_UP_STATES, INTERVIEW_KINDS, OUTCOMES } from './interview.js'
import { LIMITS } from './interviewInput.js'
import { hasResearchedAnswer } from './progress.js'
import { MAX_LEAD_MINUTES, MAX_LEADS, MIN_LEAD_MINUTES } from './reminderPlan.js'

/**
 * The export document, version 2: everything a user owns, without database ids. Rows refer to
 * each other by position inside the document (a question's interviewer is an index into its
 * interview's interviewers, a draft names an interview and an interviewer by index), so the
 * document can be imported into any account and its references re-resolved there.
 * Version 2 added `study` (study cards with their review history, and the daily study reminder);
 * a version 1 document still imports, its questions starting as fresh cards.
 * Version 3 added `coachComments` (coaches' comments on notes and answers, coachReviewTransfer.ts).
 * Version 4 added `reminderSettings.emailEnabled` (the e-mail switch).
 */
export const EXPORT_FORMAT = 'debrief-export'
export const EXPORT_VERSION = 4
/** Versions this Debrief imports. */
export const IMPORT_VERSIONS: readonly number[] = [1, 2, 3, 4]

/** Most interviews one document may hold. */
export const MAX_INTERVIEWS = 20_000

/** Largest accepted document, in bytes of JSON. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024

const Text = (maxLength: number, minLength = 0) => Type.String({ minLength, maxLength })
const Tags = Type.Array(Text(LIMITS.topic, 1), { maxItems: LIMITS.topics })
/** When a row was made and last changed. */
const STAMPS = { createdAt: Instant, updatedAt: Instant }

const ExportInterviewer = Closed({
  name: Text(LIMITS.personName, 1),
  title: Text(LIMITS.title),
  email: Text(LIMITS.email),
  notes: Text(LIMITS.interviewerNotes),
  topics: Tags,
  thankYouSentAt: NullableInstant,
  answersSentAt: NullableInstant,
  ...STAMPS,
})

const ExportQuestion = Closed({
  interviewerIndex: Type.Union([Index, Type.Null()], {
    description: "Position of the interviewer in this interview's interviewers, or null",
  }),
  text: Text(LIMITS.questionText, 1),
  confidence: Type.Enum([...CONFIDENCES]),
  topics: Tags,
  myAnswer: Text(LIMITS.answer),
  researchedAnswer: Text(LIMITS.answer),
  sources: Type.Array(Text(LIMITS.url, 1), { maxItems: LIMITS.sources }),
  /** Derived from researchedAnswer on import: a value that disagrees is ignored. */
  researched: Type.Boolean(),
  researchedAt: NullableInstant,
  includeInFollowUp: Type.Boolean(),
  ...STAMPS,
})

const ExportAsked = Closed({
  askQuestionIndex: Type.Union([Index, Type.Null()], {
    description: 'Position of the question in askQuestions, or null once it was deleted from the bank',
  }),
  text: Text(LIMITS.askText, 1),
  answerHeard: Text(LIMITS.answerHeard),
  createdAt: Instant,
})

export const ExportInterview = Closed({
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
  ...STAMPS,
  interviewers: Type.Array(ExportInterviewer, { maxItems: 500 }),
  questions: Type.Array(ExportQuestion, { maxItems: 5000 }),
  asked: Type.Array(ExportAsked, { maxItems: 1000 }),
})

const ExportDraft = Closed({
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
  ...STAMPS,
})

const ExportReminderSettings = Closed({
  leads: Type.Array(Type.Integer({ minimum: MIN_LEAD_MINUTES, maximum: MAX_LEAD_MINUTES }), {
    maxItems: MAX_LEADS,
    description: 'Minutes before the deadline',
  }),
  researchEnabled: Type.Boolean(),
  overdueEnabled: Type.Boolean(),
  quietHours: Type.Union([
    Closed({
      start: Type.Integer({ minimum: 0, maximum: 1439 }),
      end: Type.Integer({ minimum: 0, maximum: 1439 }),
    }),
    Type.Null(),
  ]),
  email: Type.Union([Text(LIMITS.email, 1), Type.Null()]),
  emailEnabled: Type.Optional(
    Type.Boolean({
      description:
        'Whether reminders go out by e-mail (version 4). Browsers and webhooks are not exported, so an import turns e-mail off only for an account that has one of them.',
    }),
  ),
})

const CardState = Type.Integer({
  minimum: 0,
  maximum: 3,
  description: '0 new, 1 learning, 2 review, 3 relearning',
})
const Count = Type.Integer({ minimum: 0, maximum: 1_000_000_000 })
const Real = Type.Number({ minimum: 0, maximum: 1e9 })

const ExportStudyReview = Closed({
  rating: Type.Integer({ minimum: 1, maximum: 4, description: '1 again, 2 hard, 3 good, 4 easy' }),
  reviewedAt: Instant,
  elapsedDays: Count,
  // The card as it was before this rating, so the schedule can be recomputed from the log.
  stateBefore: CardState,
  dueBefore: Instant,
  stabilityBefore: Real,
  difficultyBefore: Real,
  scheduledDaysBefore: Count,
  learningStepsBefore: Count,
  repsBefore: Count,
  lapsesBefore: Count,
  lastReviewBefore: NullableInstant,
})

const ExportStudyCard = Closed({
  interviewIndex: Index,
  questionIndex: Type.Integer({
    minimum: 0,
    maximum: 1_000_000,
    description: "Position of the question in that interview's questions",
  }),
  mode: Type.Enum(['auto', 'include', 'exclude']),
  due: Instant,
  stability: Real,
  difficulty: Real,
  elapsedDays: Count,
  scheduledDays: Count,
  learningSteps: Count,
  reps: Count,
  lapses: Count,
  state: CardState,
  lastReview: NullableInstant,
  ...STAMPS,
  reviews: Type.Array(ExportStudyReview, { maxItems: 100_000 }),
})

const ExportStudy = Closed(
  {
    reminder: Closed({
      enabled: Type.Boolean(),
      minute: Type.Integer({ minimum: 0, maximum: 1439, description: 'Minutes after local midnight' }),
    }),
    cards: Type.Array(ExportStudyCard, { maxItems: 100_000 }),
  },
  { description: 'Study cards and their review history (version 2)' },
)

export const ExportDocument = Closed(
  {
    format: Type.Literal(EXPORT_FORMAT),
    version: Type.Enum([1, 2, 3, EXPORT_VERSION]),
    exportedAt: Instant,
    user: Closed({ name: Text(100, 1), timeZone: Text(64, 1) }),
    interviews: Type.Array(ExportInterview, { maxItems: MAX_INTERVIEWS }),
    askQuestions: Type.Array(Closed({ text: Text(LIMITS.askText, 1) }), {
      maxItems: 5000,
    }),
    drafts: Type.Array(ExportDraft, { maxItems: 100_000 }),
    reminderSettings: ExportReminderSettings,
    study: Type.Optional(ExportStudy),
    coachComments: Type.Optional(ExportCoachComments),
  },
  { description: 'Everything one account owns, as exported by Debrief' },
)

export type ExportDocument = Static<typeof ExportDocument>
export type ExportInterview = Static<typeof ExportInterview>
export type ExportDraft = Static<typeof ExportDraft>
export type ExportReminderSettings = Static<typeof ExportReminderSettings>
export type ExportStudy = Static<typeof ExportStudy>
export type ExportStudyCard = Static<typeof ExportStudyCard>

export { iso }
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

/**
 * An imported question's research, derived from its answer as everywhere else: a file cannot
 * claim research without an answer, nor an answer without research. The research date kept
 * is the file's, or its last change when the file gives none.
 */
export function importedResearch(question: {
  researchedAnswer: string
  researchedAt: string | null
  updatedAt: string
}): { researchedAnswer: string; researched: 0 | 1; researchedAt: number | null } {
  if (!hasResearchedAnswer(question.researchedAnswer))
    return { researchedAnswer: '', researched: 0, researchedAt: null }
  return {
    researchedAnswer: question.researchedAnswer,
    researched: 1,
    researchedAt: msOrNull(question.researchedAt) ?? ms(question.updatedAt),
  }
}
