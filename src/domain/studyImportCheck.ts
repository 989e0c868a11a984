import { badInstant, namedInterview, positionProblem, importProblem as problem } from './importRefs.js'
import type { ExportDocument, ImportProblem } from './transfer.js'

/**
 * The study section's rules the schema cannot express: only in version 2 documents, every card naming a question of the document (by position) at most once, real instants.
 */
export function studyProblem(doc: ExportDocument): ImportProblem | null {
  if (doc.version === 1)
    return doc.study === undefined ? null : problem('study', 'is not part of a version 1 document')
  // Without it (a document written by hand or by a script) the questions start as fresh cards.
  if (doc.study === undefined) return null
  const seen = new Set<string>()
  for (const [i, card] of doc.study.cards.entries()) {
    const at = `study.cards[${i}]`
    const interview = namedInterview(doc, at, card.interviewIndex)
    if ('path' in interview) return interview
    const outside = positionProblem(at, interview, 'questions', card.questionIndex)
    if (outside) return outside
    const key = `${card.interviewIndex}:${card.questionIndex}`
    if (seen.has(key)) return problem(`${at}.questionIndex`, 'repeats a question that already has a card')
    seen.add(key)
    for (const field of ['due', 'lastReview', 'createdAt', 'updatedAt'] as const)
      if (badInstant(card[field])) return problem(`${at}.${field}`, 'is not a real date and time')
    for (const [j, review] of card.reviews.entries())
      for (const field of ['reviewedAt', 'dueBefore', 'lastReviewBefore'] as const)
        if (badInstant(review[field]))
          return problem(`${at}.reviews[${j}].${field}`, 'is not a real date and time')
  }
  return null
}
