/**
 * "Questions like this one": an FTS5 query built from a question's own text. Unlike ftsQuery()
 * (a search the user types, every word required), a similar question only has to share some
 * of the words that carry meaning, so the terms are ORed and bm25 ranks the ones sharing the
 * most and rarest words first.
 *
 * Safe by construction: a term is a run of letters, digits and combining marks, so it cannot
 * hold a quote, a bracket, a star, a colon or any other FTS5 syntax; each is quoted as well,
 * so even a word spelled like an operator (AND, OR, NOT, NEAR) is only a word.
 */

/** Words too common in interview questions to say what one is about. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above after again all also am an and any are as at be because been before being below
  between both but by can could describe did do does doing down during each explain few for from
  further had has have having he her here hers how i if in into is it its itself just me more most
  my no nor not now of off on once only or other our out over own please same she should so some
  such tell than that the their them then there these they this those through to too under until
  up very was way we were what when where which while who whom why will with would you your`
    .split(/\s+/)
    .filter((word) => word !== ''),
)

/** At most this many terms: a long question gains nothing from its twentieth word. */
export const SIMILAR_TERMS_MAX = 12

/** The words of a text as FTS5's unicode61 tokenizer sees them, lower-cased. */
export function wordsOf(text: string): string[] {
  return (text.match(/[\p{L}\p{N}\p{M}]+/gu) ?? []).map((word) => word.toLowerCase())
}

/**
 * The distinct meaningful words of the text (no stop words, no single characters, each with a
 * letter or digit) in the order they first appear, ORed as quoted FTS5 strings; null when no
 * such word is left.
 */
export function similarQuery(text: string): string | null {
  const terms: string[] = []
  for (const word of wordsOf(text)) {
    if (terms.length === SIMILAR_TERMS_MAX) break
    // Marks alone are no word (the tokenizer folds them away), nor is a single character.
    if ([...word].length < 2 || !/[\p{L}\p{N}]/u.test(word)) continue
    if (STOP_WORDS.has(word) || terms.includes(word)) continue
    terms.push(word)
  }
  return terms.length === 0 ? null : terms.map((term) => `"${term}"`).join(' OR ')
}
