/**
 * Small pieces of English that drafts, charts and guides are built from, kept apart so the
 * grammar cases can be tested one by one.
 */

// Letters whose spoken name starts with a vowel sound: "an SRE", "an MSc", but "a CISO".
const VOWEL_SOUND_LETTERS = new Set('AEFHILMNORSX')
// Words that start with a vowel letter but a consonant sound, and the reverse.
const CONSONANT_SOUND = /^(uni|use|usu|one|once|eu|ur[aeiou])/i
const VOWEL_SOUND = /^(hour|honest|honou?r|heir)/i
const ARTICLE = /^(a|an|the)\s/i

const isAcronym = (word: string) => word.length > 1 && word === word.toUpperCase() && /^[A-Z]/.test(word)

/**
 * A job title as it reads after "as": "a Pentester", "an Engineering Manager", "an SRE",
 * "a CISO"; a title that already starts with an article is kept as written; "" stays "".
 */
export function withArticle(title: string): string {
  const text = title.trim().replace(/\s+/g, ' ')
  if (text === '' || ARTICLE.test(text)) return text
  const first = text.split(' ')[0]!
  const vowelSound = isAcronym(first)
    ? VOWEL_SOUND_LETTERS.has(first[0]!)
    : VOWEL_SOUND.test(first) || (/^[aeiou]/i.test(first) && !CONSONANT_SOUND.test(first))
  return `${vowelSound ? 'an' : 'a'} ${text}`
}

/** "A", "A and B", "A, B and C": blank items left out. */
export function listPhrase(items: readonly string[]): string {
  const parts = items.map((item) => item.trim().replace(/\s+/g, ' ')).filter(Boolean)
  if (parts.length <= 1) return parts[0] ?? ''
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`
}

/** "1 review", "3 reviews"; `many` for a plural that is not the word and an s. */
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
