import { type Static, Type } from 'typebox'
import type { AskedQuestion, AskQuestion } from '../../db/askQuestions.js'
import type { Interviewer } from '../../db/interviewers.js'
import type { InterviewSummary } from '../../db/interviews.js'
import type { Question, QuestionHit } from '../../db/questions.js'
import {
  CONFIDENCES,
  FOLLOW_UP_STATES,
  followUpDeadline,
  INTERVIEW_KINDS,
  OUTCOMES,
} from '../../domain/interview.js'
import { LIMITS } from '../../domain/interviewInput.js'
import { markedToHtml } from '../../domain/search.js'
import { INTERVIEW_NOT_FOUND } from '../../services/messages.js'
import { Instant, iso, isoOrNull, NullableInstant } from './schemas.js'

// The one wording of it, kept under the name the API modules import.
export const NO_INTERVIEW = INTERVIEW_NOT_FOUND

export const DateTimeInput = Type.String({
  minLength: 1,
  maxLength: 40,
  description:
    'ISO-8601 with an offset ("2026-03-02T14:30:00Z", "2026-03-02T09:30-05:00"), or a local date-time ' +
    'without one ("2026-03-02T09:30") read in timeZone. Local times skipped by a daylight-saving change are ' +
    'rejected; repeated ones take the earlier instant.',
})
export const Kind = Type.Enum([...INTERVIEW_KINDS])
export const OutcomeSchema = Type.Enum([...OUTCOMES])
export const FollowUpStateSchema = Type.Enum([...FOLLOW_UP_STATES], {
  description: 'open, done (follow-up sent) or not_needed; reminders stop unless open',
})
export const ConfidenceSchema = Type.Enum([...CONFIDENCES])
export const StatusSchema = Type.Enum(['scheduled', 'awaiting_follow_up', 'followed_up', 'closed'])
export const Topics = Type.Array(Type.String({ maxLength: LIMITS.topic }), {
  maxItems: LIMITS.topics,
  description: 'Tags; blanks are dropped and duplicates (ignoring case) merged',
})

export const InterviewResponse = Type.Object({
  id: Type.Integer(),
  company: Type.String(),
  role: Type.String(),
  kind: Kind,
  startsAt: Instant,
  endsAt: Instant,
  timeZone: Type.String(),
  location: Type.String(),
  jobUrl: Type.String(),
  notes: Type.String(),
  outcome: OutcomeSchema,
  followUpState: FollowUpStateSchema,
  followUpDoneAt: NullableInstant,
  followUpDeadline: Type.String({ format: 'date-time', description: 'endsAt + 24 h, ISO-8601 UTC' }),
  status: StatusSchema,
  progress: Type.Object({
    questions: Type.Integer(),
    researchList: Type.Integer({ description: 'Questions marked missed or shaky' }),
    researched: Type.Integer({ description: 'Of the research list, how many are researched' }),
    interviewers: Type.Integer(),
    thanked: Type.Integer(),
  }),
  createdAt: Instant,
  updatedAt: Instant,
})

export const InterviewerResponse = Type.Object({
  id: Type.Integer(),
  interviewId: Type.Integer(),
  name: Type.String(),
  title: Type.String(),
  email: Type.String(),
  notes: Type.String(),
  topics: Type.Array(Type.String()),
  thankYouSentAt: NullableInstant,
  answersSentAt: NullableInstant,
  createdAt: Instant,
  updatedAt: Instant,
})

export const InterviewDetailResponse = Type.Object({
  ...InterviewResponse.properties,
  interviewers: Type.Array(InterviewerResponse),
})

export const QuestionResponse = Type.Object({
  id: Type.Integer(),
  interviewId: Type.Integer(),
  interviewerId: Type.Union([Type.Integer(), Type.Null()]),
  text: Type.String(),
  confidence: ConfidenceSchema,
  topics: Type.Array(Type.String()),
  myAnswer: Type.String(),
  researchedAnswer: Type.String(),
  sources: Type.Array(Type.String()),
  researched: Type.Boolean({ description: 'Derived: true when researchedAnswer is not empty' }),
  researchedAt: Type.Union([Instant, Type.Null()], {
    description: 'When researchedAnswer first became non-empty; null while it is empty',
  }),
  includeInFollowUp: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
})

export const QuestionHitResponse = Type.Object({
  ...QuestionResponse.properties,
  company: Type.String(),
  role: Type.String(),
  snippet: Type.Union([Type.String(), Type.Null()], {
    description: 'With q: the best-matching passage as HTML, text escaped and matches in <mark>',
  }),
})

export const AskQuestionResponse = Type.Object({
  id: Type.Integer(),
  text: Type.String(),
  createdAt: Instant,
})

export const AskedQuestionResponse = Type.Object({
  id: Type.Integer(),
  interviewId: Type.Integer(),
  askQuestionId: Type.Union([Type.Integer(), Type.Null()]),
  text: Type.String(),
  answerHeard: Type.String(),
  createdAt: Instant,
})

export const interviewJson = (i: InterviewSummary): Static<typeof InterviewResponse> => ({
  id: i.id,
  company: i.company,
  role: i.role,
  kind: i.kind,
  startsAt: iso(i.startsAt),
  endsAt: iso(i.endsAt),
  timeZone: i.timeZone,
  location: i.location,
  jobUrl: i.jobUrl,
  notes: i.notes,
  outcome: i.outcome,
  followUpState: i.followUpState,
  followUpDoneAt: isoOrNull(i.followUpDoneAt),
  followUpDeadline: iso(followUpDeadline(i.endsAt)),
  status: i.status,
  progress: {
    questions: i.questionCount,
    researchList: i.researchTotal,
    researched: i.researchDone,
    interviewers: i.interviewerCount,
    thanked: i.thankedCount,
  },
  createdAt: iso(i.createdAt),
  updatedAt: iso(i.updatedAt),
})

export const interviewerJson = (p: Interviewer): Static<typeof InterviewerResponse> => ({
  id: p.id,
  interviewId: p.interviewId,
  name: p.name,
  title: p.title,
  email: p.email,
  notes: p.notes,
  topics: p.topics,
  thankYouSentAt: isoOrNull(p.thankYouSentAt),
  answersSentAt: isoOrNull(p.answersSentAt),
  createdAt: iso(p.createdAt),
  updatedAt: iso(p.updatedAt),
})

export const questionJson = (q: Question): Static<typeof QuestionResponse> => ({
  id: q.id,
  interviewId: q.interviewId,
  interviewerId: q.interviewerId,
  text: q.text,
  confidence: q.confidence,
  topics: q.topics,
  myAnswer: q.myAnswer,
  researchedAnswer: q.researchedAnswer,
  sources: q.sources,
  researched: q.researched,
  researchedAt: isoOrNull(q.researchedAt),
  includeInFollowUp: q.includeInFollowUp,
  createdAt: iso(q.createdAt),
  updatedAt: iso(q.updatedAt),
})

export const questionHitJson = (q: QuestionHit): Static<typeof QuestionHitResponse> => ({
  ...questionJson(q),
  company: q.company,
  role: q.role,
  snippet: q.snippetMarked === null ? null : markedToHtml(q.snippetMarked),
})

export const askQuestionJson = (a: AskQuestion): Static<typeof AskQuestionResponse> => ({
  id: a.id,
  text: a.text,
  createdAt: iso(a.createdAt),
})

export const askedQuestionJson = (a: AskedQuestion): Static<typeof AskedQuestionResponse> => ({
  id: a.id,
  interviewId: a.interviewId,
  askQuestionId: a.askQuestionId,
  text: a.text,
  answerHeard: a.answerHeard,
  createdAt: iso(a.createdAt),
})
