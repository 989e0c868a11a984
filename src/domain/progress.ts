import type { Confidence } from './interview.js'

/**
 * The research list is the questions answered badly (missed or shaky): a nailed answer
 * needs no homework, and counting it would make "3/5 researched" look worse than it is.
 */
export function needsResearch(confidence: Confidence): boolean {
  return confidence === 'missed' || confidence === 'shaky'
}

/**
 * Research is done exactly when there is a researched answer to send: sources stay optional,
 * and a blank answer (only white space) is no answer.
 */
export function hasResearchedAnswer(answer: string): boolean {
  return answer.trim() !== ''
}

/** On the research list and without an answer yet: what is left to research. */
export function stillToResearch(question: { confidence: Confidence; researched: boolean }): boolean {
  return needsResearch(question.confidence) && !question.researched
}

export interface Progress {
  done: number
  total: number
}

export function researchProgress(
  questions: readonly { confidence: Confidence; researched: boolean }[],
): Progress {
  const list = questions.filter((q) => needsResearch(q.confidence))
  return { done: list.filter((q) => q.researched).length, total: list.length }
}

export function thankedProgress(interviewers: readonly { thankYouSentAt: number | null }[]): Progress {
  return { done: interviewers.filter((i) => i.thankYouSentAt !== null).length, total: interviewers.length }
}

/** Where research goes after a save: the next question still to research, and how many are left. */
export interface ResearchStep {
  /** The next question still to research after the one saved (wrapping round), if any other is left. */
  nextId: number | null
  /** Questions still to research, the one saved included if it still has no answer. */
  left: number
  /** The research list's length (missed and shaky questions). */
  total: number
}

/** `questions` in the interview page's order; `savedId` the question just saved. */
export function researchStep(
  questions: readonly { id: number; confidence: Confidence; researched: boolean }[],
  savedId: number,
): ResearchStep {
  const at = questions.findIndex((q) => q.id === savedId)
  const rotated = at < 0 ? [...questions] : [...questions.slice(at + 1), ...questions.slice(0, at)]
  const next = rotated.find(stillToResearch)
  return {
    nextId: next ? next.id : null,
    left: questions.filter(stillToResearch).length,
    total: questions.filter((q) => needsResearch(q.confidence)).length,
  }
}
