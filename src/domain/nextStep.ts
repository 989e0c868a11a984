import { assignQuestions, type FollowUpQuestion } from './followUp.js'
import { span } from './format.js'
import type { Confidence, FollowUpState } from './interview.js'
import { needsResearch, researchProgress } from './progress.js'
import { plural } from './wording.js'

// The interview page's guide: Capture → Research → Send, where the user stands and the one
// thing to do next. Pure, so the page, its fragment responses and the tests agree on it.

export const STEPS = ['capture', 'research', 'send'] as const
export type StepName = (typeof STEPS)[number]
export type StepState = 'done' | 'current' | 'todo'

export interface GuideStep {
  name: StepName
  label: string
  state: StepState
  /** "4 questions", "1/3 researched", "0/2 notes sent". */
  count: string
}

export type GuideAction =
  | { kind: 'capture' | 'research' | 'add-interviewer' | 'send'; label: string; href: string }
  | { kind: 'done'; label: string }

export interface Guide {
  steps: GuideStep[]
  /** The first step not done; null once nothing is owed. */
  current: StepName | null
  action: GuideAction
}

export interface GuideQuestion extends FollowUpQuestion {
  researched: boolean
}

export interface GuidePerson {
  id: number
  name: string
  thankYouSentAt: number | null
  answersSentAt: number | null
}

export interface GuideInput {
  interviewId: number
  followUpState: FollowUpState
  /** An offer, a rejection or a withdrawal: nothing is owed any more. */
  closed: boolean
  /** In page order: the first one needing research is the one the action opens. */
  questions: readonly GuideQuestion[]
  /** In the order they were added, as the drafts page lists them. */
  interviewers: readonly GuidePerson[]
}

const LABELS: Record<StepName, string> = { capture: 'Capture', research: 'Research', send: 'Send' }

/** "Sam", "Sam and Dana", "Sam, Dana and Lee". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

/** Missed or shaky questions without research yet, in page order. */
export function unresearched<Q extends { confidence: Confidence; researched: boolean }>(
  questions: readonly Q[],
): Q[] {
  return questions.filter((q) => needsResearch(q.confidence) && !q.researched)
}

/** The interviewers still owed a note: not thanked, or their due answer note not sent. */
export function owedNotes(input: Pick<GuideInput, 'questions' | 'interviewers'>): GuidePerson[] {
  const assignment = assignQuestions(
    input.interviewers.map((p) => p.id),
    input.questions,
  )
  return input.interviewers.filter((p) => {
    if (p.thankYouSentAt === null) return true
    const due = (assignment.get(p.id)?.ready.length ?? 0) > 0
    return due && p.answersSentAt === null
  })
}

/** "missed", "shaky" or "missed and shaky": what the questions to research have in common. */
function kindOf(questions: readonly { confidence: Confidence }[]): string {
  const missed = questions.some((q) => q.confidence === 'missed')
  const shaky = questions.some((q) => q.confidence === 'shaky')
  return missed && shaky ? 'missed and shaky' : missed ? 'missed' : 'shaky'
}

export function nextStep(input: GuideInput): Guide {
  const { questions, interviewers } = input
  const research = researchProgress(questions)
  const toResearch = unresearched(questions)
  const owed = owedNotes(input)
  const sent = interviewers.length - owed.length
  const done: Record<StepName, boolean> = {
    capture: questions.length > 0,
    research: questions.length > 0 && toResearch.length === 0,
    send: interviewers.length > 0 && owed.length === 0,
  }
  const counts: Record<StepName, string> = {
    capture: questions.length === 0 ? 'no questions yet' : plural(questions.length, 'question'),
    research: research.total === 0 ? 'nothing to research' : `${research.done}/${research.total} researched`,
    send: interviewers.length === 0 ? 'no interviewers yet' : `${sent}/${interviewers.length} notes sent`,
  }
  const settled = input.followUpState !== 'open' || input.closed
  const first = STEPS.find((name) => !done[name])
  const current = settled || first === undefined ? null : first
  const steps = STEPS.map((name) => ({
    name,
    label: LABELS[name],
    state: (done[name] ? 'done' : name === current ? 'current' : 'todo') as StepState,
    count: counts[name],
  }))
  return { steps, current, action: actionFor(input, current, toResearch, owed) }
}

function actionFor(
  input: GuideInput,
  current: StepName | null,
  toResearch: readonly GuideQuestion[],
  owed: readonly GuidePerson[],
): GuideAction {
  const base = `/interviews/${input.interviewId}`
  if (current === 'capture')
    return { kind: 'capture', label: 'Capture the questions you were asked', href: '#capture-text' }
  if (current === 'research') {
    const label = `Research ${plural(toResearch.length, `${kindOf(toResearch)} question`)}`
    return { kind: 'research', label, href: `/questions/${toResearch[0]!.id}` }
  }
  if (current === 'send') {
    const person = owed[0]
    if (!person)
      return { kind: 'add-interviewer', label: 'Add the people you met', href: '#interviewer-name' }
    return {
      kind: 'send',
      label: `Send ${person.name}’s note`,
      href: `${base}/drafts#interviewer-${person.id}`,
    }
  }
  if (input.followUpState === 'not_needed') return { kind: 'done', label: 'No follow-up needed ✓' }
  if (input.closed && input.followUpState === 'open') return { kind: 'done', label: 'Nothing more is owed ✓' }
  return { kind: 'done', label: 'Followed up ✓' }
}

/**
 * What is left before the follow-up is really done, for the "stop all reminders anyway?"
 * question: "2 questions are not researched and Sam is not thanked". Null when nothing is.
 */
export function remainingWork(input: Pick<GuideInput, 'questions' | 'interviewers'>): string | null {
  const parts: string[] = []
  const open = unresearched(input.questions).length
  if (open > 0) parts.push(`${plural(open, 'question')} ${open === 1 ? 'is' : 'are'} not researched`)
  const unthanked = input.interviewers.filter((p) => p.thankYouSentAt === null).map((p) => p.name)
  if (unthanked.length > 0)
    parts.push(`${joinNames(unthanked)} ${unthanked.length === 1 ? 'is' : 'are'} not thanked`)
  return parts.length === 0 ? null : parts.join(' and ')
}

export const confirmStopMessage = (remaining: string) => `${remaining} — stop all reminders anyway?`

/**
 * Prep mode's line of time: "Starts in 2 h 5 min" before the start, "In progress, ends in
 * 35 min" while it runs (prep mode lasts until the end, when the page becomes the debrief).
 * public/js/interview.js keeps the same wording live.
 */
export function prepWhen(startsAt: number, endsAt: number, now: number): string {
  return now < startsAt ? `Starts in ${span(now, startsAt)}` : `In progress, ends in ${span(now, endsAt)}`
}
