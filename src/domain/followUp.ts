import type { Confidence, FollowUpState } from './interview.js'

// When an interview's follow-up is complete, and how recording or withdrawing a note moves
// it. The interview page's "thanked" buttons and the drafts page both go through this, so
// the two can never disagree about whether anything is still owed.

export interface FollowUpQuestion {
  id: number
  interviewerId: number | null
  text: string
  confidence: Confidence
  researchedAnswer: string
  sources: readonly string[]
  includeInFollowUp: boolean
}

export interface InterviewerQuestions {
  /** Included questions with a researched answer: the content of the answer note. */
  ready: FollowUpQuestion[]
  /** Included questions still without a researched answer: flagged before sending. */
  unresearched: FollowUpQuestion[]
}

export const hasResearchedAnswer = (q: Pick<FollowUpQuestion, 'researchedAnswer'>) =>
  q.researchedAnswer.trim() !== ''

/**
 * Assigns follow-up questions to interviewers. A question belongs to the interviewer who
 * asked it; a question asked by nobody in particular belongs to the first interviewer
 * (the first one recorded), so exactly one person receives each answer.
 *
 * A question is a follow-up question when it is marked include-in-follow-up and either
 * went badly (missed or shaky) or has a researched answer anyway: nailed questions are
 * included by default in the table but are only worth writing about once researched.
 *
 * An answer note is *due* for an interviewer when at least one of their follow-up
 * questions has a researched answer (`ready` is non-empty). Unresearched questions alone
 * do not make a note due — they are surfaced as a pre-send check instead, so follow-up
 * can complete even when the user decides some questions are not worth researching.
 */
export function assignQuestions(
  interviewerIds: readonly number[],
  questions: readonly FollowUpQuestion[],
): Map<number, InterviewerQuestions> {
  const result = new Map<number, InterviewerQuestions>()
  for (const id of interviewerIds) result.set(id, { ready: [], unresearched: [] })
  const first = interviewerIds[0]
  if (first === undefined) return result
  for (const q of questions) {
    if (!q.includeInFollowUp) continue
    const researched = hasResearchedAnswer(q)
    if (q.confidence === 'nailed' && !researched) continue
    const owner = q.interviewerId !== null && result.has(q.interviewerId) ? q.interviewerId : first
    const entry = result.get(owner)!
    ;(researched ? entry.ready : entry.unresearched).push(q)
  }
  return result
}

export interface InterviewerFollowUp {
  id: number
  thankYouSentAt: number | null
  answersSentAt: number | null
}

/** Done when every interviewer is thanked and every due answer note is sent; an interview with nobody to write to is never done by this rule. */
export function followUpComplete(
  interviewers: readonly InterviewerFollowUp[],
  assignment: Map<number, InterviewerQuestions>,
): boolean {
  if (interviewers.length === 0) return false
  return interviewers.every((person) => {
    if (person.thankYouSentAt === null) return false
    const due = (assignment.get(person.id)?.ready.length ?? 0) > 0
    return !due || person.answersSentAt !== null
  })
}

export type SentTimes = Pick<InterviewerFollowUp, 'thankYouSentAt' | 'answersSentAt'>

/** A time records that note as sent, null withdraws it; a note left out stays as it is. */
export type SentChange = Partial<SentTimes>

const NOTES = ['thankYouSentAt', 'answersSentAt'] as const

export interface FollowUpSnapshot {
  state: FollowUpState
  /** In the order they were added: the first one receives unattributed questions. */
  interviewers: readonly InterviewerFollowUp[]
  questions: readonly FollowUpQuestion[]
}

/**
 * Applies a change to one interviewer's sent notes and says where it leaves the follow-up.
 * Newly recording a note completes an open follow-up once nothing more is owed; withdrawing
 * one reopens a done follow-up that now owes something, so its reminders plan again.
 * Recording never reopens and withdrawing never completes, and "not needed" is the user's
 * decision either way. undefined when the interviewer is not part of the interview.
 */
export function changeSentNotes(
  snapshot: FollowUpSnapshot,
  interviewerId: number,
  change: SentChange,
): { interviewer: InterviewerFollowUp; state: FollowUpState } | undefined {
  const current = snapshot.interviewers.find((p) => p.id === interviewerId)
  if (!current) return undefined
  const next: InterviewerFollowUp = {
    id: interviewerId,
    thankYouSentAt: change.thankYouSentAt === undefined ? current.thankYouSentAt : change.thankYouSentAt,
    answersSentAt: change.answersSentAt === undefined ? current.answersSentAt : change.answersSentAt,
  }
  const recorded = NOTES.some((note) => current[note] === null && next[note] !== null)
  const withdrawn = NOTES.some((note) => current[note] !== null && next[note] === null)
  const after = snapshot.interviewers.map((p) => (p.id === interviewerId ? next : p))
  const complete = () =>
    followUpComplete(
      after,
      assignQuestions(
        after.map((p) => p.id),
        snapshot.questions,
      ),
    )
  let state = snapshot.state
  if (state === 'open' && recorded && complete()) state = 'done'
  else if (state === 'done' && withdrawn && !complete()) state = 'open'
  return { interviewer: next, state }
}
