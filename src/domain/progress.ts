import type { Confidence } from './interview.js'

/**
 * The research list is the questions answered badly (missed or shaky): a nailed answer
 * needs no homework, and counting it would make "3/5 researched" look worse than it is.
 */
export function needsResearch(confidence: Confidence): boolean {
  return confidence === 'missed' || confidence === 'shaky'
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
