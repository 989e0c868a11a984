import {
  type Checked,
  emailProblem,
  LIMITS,
  type Problems,
  parseSources,
  parseTopics,
  textProblem,
} from './fieldChecks.js'
import { CONFIDENCES, type Confidence } from './interview.js'
import { hasResearchedAnswer } from './progress.js'

// The people met at an interview, the questions asked there, and the user's own questions to ask.

export interface InterviewerInput {
  name: string
  title?: string | undefined
  email?: string | undefined
  notes?: string | undefined
  topics?: string | readonly string[] | undefined
}

export interface InterviewerData {
  name: string
  title: string
  email: string
  notes: string
  topics: string[]
}

export function checkInterviewer(input: InterviewerInput): Checked<InterviewerData> {
  const problems: Problems = {}
  const name = input.name.trim()
  const title = (input.title ?? '').trim()
  const email = (input.email ?? '').trim()
  const notes = input.notes ?? ''
  const set = (field: string, problem: string | undefined) => {
    if (problem) problems[field] ??= problem
  }
  set('name', textProblem(name, LIMITS.personName, true))
  set('title', textProblem(title, LIMITS.title, false))
  if (email !== '') set('email', emailProblem(email))
  set('notes', textProblem(notes, LIMITS.interviewerNotes, false))
  const topics = parseTopics(input.topics ?? [])
  if (!topics.ok) set('topics', topics.problem)
  if (!topics.ok || Object.keys(problems).length > 0) return { ok: false, problems }
  return { ok: true, value: { name, title, email, notes, topics: topics.value } }
}

export interface QuestionInput {
  text: string
  confidence: string
  topics?: string | readonly string[] | undefined
  myAnswer?: string | undefined
  researchedAnswer?: string | undefined
  sources?: string | readonly string[] | undefined
  includeInFollowUp?: boolean | undefined
  interviewerId?: number | null | undefined
}

/** What was asked and the answers to it: the part of a question that every view of one shows. */
export interface QuestionContent {
  text: string
  confidence: Confidence
  topics: string[]
  myAnswer: string
  researchedAnswer: string
  sources: string[]
}

export interface QuestionData extends QuestionContent {
  /** Derived, never given: true exactly when researchedAnswer is not blank. */
  researched: boolean
  includeInFollowUp: boolean
  interviewerId: number | null
}

export function checkQuestion(input: QuestionInput): Checked<QuestionData> {
  const problems: Problems = {}
  const text = input.text.trim()
  const myAnswer = input.myAnswer ?? ''
  // A blank answer is stored as none, so SQL's trim() and this one agree on what is researched.
  const answered = input.researchedAnswer ?? ''
  const researchedAnswer = hasResearchedAnswer(answered) ? answered : ''
  const set = (field: string, problem: string | undefined) => {
    if (problem) problems[field] ??= problem
  }
  set('text', textProblem(text, LIMITS.questionText, true))
  if (!(CONFIDENCES as readonly string[]).includes(input.confidence))
    set('confidence', `must be one of: ${CONFIDENCES.join(', ')}`)
  const topics = parseTopics(input.topics ?? [])
  if (!topics.ok) set('topics', topics.problem)
  set('myAnswer', textProblem(myAnswer, LIMITS.answer, false))
  set('researchedAnswer', textProblem(researchedAnswer, LIMITS.answer, false))
  const sources = parseSources(input.sources ?? [])
  if (!sources.ok) set('sources', sources.problem)
  if (!topics.ok || !sources.ok || Object.keys(problems).length > 0) return { ok: false, problems }
  return {
    ok: true,
    value: {
      text,
      confidence: input.confidence as Confidence,
      topics: topics.value,
      myAnswer,
      researchedAnswer,
      sources: sources.value,
      researched: hasResearchedAnswer(researchedAnswer),
      includeInFollowUp: input.includeInFollowUp ?? true,
      interviewerId: input.interviewerId ?? null,
    },
  }
}

export function checkAskText(text: string): Checked<string> {
  const trimmed = text.trim()
  const problem = textProblem(trimmed, LIMITS.askText, true)
  return problem ? { ok: false, problems: { text: problem } } : { ok: true, value: trimmed }
}
