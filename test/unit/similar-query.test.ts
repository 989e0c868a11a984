import { join } from 'node:path'
import Database from 'better-sqlite3'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { SIMILAR_TERMS_MAX, STOP_WORDS, similarQuery } from '../../src/domain/similarQuery.js'
import { tempDir } from '../helpers/app.js'

// Pieces a question may contain: words, FTS5 operators and syntax, stop words, accents, scripts.
const PIECES = [
  'Kerberoasting',
  'kerberos',
  'TLS',
  'SQL',
  'injection',
  'What',
  'is',
  'the',
  'AND',
  'OR',
  'NOT',
  'NEAR',
  'NEAR(a b, 3)',
  '"',
  '""',
  '*',
  'col:',
  'text:',
  '^',
  '(',
  ')',
  '{text topics}',
  '-',
  '+',
  'x',
  '7',
  'OAuth2',
  'café',
  'naïve',
  '日本語',
  'Ünïcödé',
  '?',
  '.',
  ',',
  'e\u0301t\u00e9',
  '\n',
  '\t',
]
const written = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join(' ')),
  fc.array(fc.constantFrom(...PIECES), { maxLength: 30 }).map((parts) => parts.join('')),
)
const question = fc.oneof(
  written,
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
)

/** The input's words, found one character at a time (not by the module's regular expression). */
function oracleWords(text: string): string[] {
  const words: string[] = []
  let word = ''
  for (const char of text.toLowerCase()) {
    if (/\p{L}|\p{N}|\p{M}/u.test(char)) word += char
    else {
      if (word) words.push(word)
      word = ''
    }
  }
  if (word) words.push(word)
  return words
}

/** The terms of a query as built: quoted strings joined by OR, or a parse failure. */
function termsOf(query: string): string[] | null {
  const parts = query.split(' OR ')
  if (!parts.every((p) => p.length > 2 && p.startsWith('"') && p.endsWith('"'))) return null
  return parts.map((p) => p.slice(1, -1))
}

const dir = tempDir()
const db = new Database(join(dir, 'fts.sqlite'))
// Only the tokenizer and the query parser are under test here, not durability.
db.pragma('journal_mode = MEMORY')
db.pragma('synchronous = OFF')
db.exec("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61')")
db.prepare('INSERT INTO t (text) VALUES (?)').run('Explain Kerberoasting and how to detect it')
const match = db.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck()
const own = db.prepare('INSERT INTO t (rowid, text) VALUES (2, ?)')
const forget = db.prepare('DELETE FROM t WHERE rowid = 2')
const matchOwnRow = db.prepare('SELECT count(*) FROM t WHERE t MATCH ? AND rowid = 2').pluck()
function matchOwn(text: string, query: string): number {
  own.run(text)
  try {
    return matchOwnRow.get(query) as number
  } finally {
    forget.run()
  }
}
afterAll(() => db.close())

describe('similarQuery', () => {
  it('ORs the meaningful words of a question', () => {
    expect(similarQuery('What is Kerberoasting?')).toBe('"kerberoasting"')
    expect(similarQuery('Explain Kerberoasting and how to detect it')).toBe('"kerberoasting" OR "detect"')
    expect(similarQuery('How does TLS NEAR(resumption) work? "quoted" col:x')).toBe(
      '"tls" OR "near" OR "resumption" OR "work" OR "quoted" OR "col"',
    )
    expect(similarQuery('What is it?')).toBeNull()
    expect(similarQuery('* ( ) " :')).toBeNull()
    expect(match.get(similarQuery('What is Kerberoasting?'))).toBe(1)
  })

  it('keeps only words of the input, lower-cased, no stop words, no repeats, at most the limit', () => {
    fc.assert(
      fc.property(question, (text) => {
        const query = similarQuery(text)
        const words = oracleWords(text)
        const meaningful = [
          ...new Set(words.filter((w) => [...w].length > 1 && /[\p{L}\p{N}]/u.test(w) && !STOP_WORDS.has(w))),
        ]
        if (query === null) {
          expect(meaningful).toEqual([])
          return
        }
        const terms = termsOf(query)
        expect(terms, query).not.toBeNull()
        for (const term of terms!) {
          expect(words, query).toContain(term)
          expect(STOP_WORDS.has(term), term).toBe(false)
        }
        expect(new Set(terms).size).toBe(terms!.length)
        expect(terms).toEqual(meaningful.slice(0, SIMILAR_TERMS_MAX))
      }),
      { numRuns: 500 },
    )
  })

  it('lets no FTS5 operator or syntax through: every query parses, and no term holds syntax', () => {
    fc.assert(
      fc.property(question, (text) => {
        const query = similarQuery(text)
        if (query === null) return
        const terms = termsOf(query)!
        for (const term of terms) expect(term).not.toMatch(/["*:^(){}+\-\s]/)
        // Parsed as plain words: the query finds a text of exactly its terms (and nothing else).
        expect(matchOwn(terms.join(' '), query)).toBe(1)
      }),
      { numRuns: 500 },
    )
  })

  it('finds the question it was made from, whatever syntax that question holds', () => {
    fc.assert(
      fc.property(written, (text) => {
        const query = similarQuery(text)
        if (query !== null) expect(matchOwn(text, query)).toBe(1)
      }),
      { numRuns: 300 },
    )
  })
})
