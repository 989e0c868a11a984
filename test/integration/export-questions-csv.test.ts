import { describe, expect, it } from 'vitest'
import { closeAfterEach, createTestApp, type TestContext } from '../helpers/app.js'
import { seedAda } from '../helpers/exportFixtures.js'

describe('export and import', () => {
  let ctx: TestContext
  closeAfterEach(() => ctx)

  it('exports questions as CSV with CRLF, quoted fields and formulas neutralised', async () => {
    ctx = await createTestApp({ scheduler: false })
    const { ada } = await seedAda(ctx)
    const response = await ada.get('/settings/data/questions.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="debrief-questions-2026-03-02\.csv"$/,
    )
    const body = response.body
    expect(body.startsWith('\uFEFF"Interview date","Time zone","Company"')).toBe(true)
    // Every record ends in CRLF; a bare LF or CR appears only inside quoted fields.
    const rows = parseCsv(body.slice(1))
    expect(rows).toHaveLength(1 + 14)
    expect(rows.every((row) => row.length === 14)).toBe(true)
    const byText = new Map(rows.map((row) => [row[5], row]))
    for (const neutralised of [
      '\'=cmd|" /C calc"!A0',
      "'+1 for tabs",
      "'-2 for spaces",
      "'@SUM(A1:A9)",
      "'\tindented",
    ])
      expect(byText.has(neutralised), neutralised).toBe(true)
    const formula = byText.get('\'=cmd|" /C calc"!A0')!
    expect(formula.slice(0, 5)).toEqual([
      '2026-03-03 15:00',
      'Europe/Berlin',
      'Future "Quoted" Co',
      'Lead, Platform',
      'Mallory',
    ])
    expect(formula[8]).toBe('I said "no",\r\nthen hesitated')
    expect(formula[10]).toBe('https://owasp.org/www-community/attacks/CSV_Injection\nhttps://example.com/b')
    expect(formula[11]).toBe('yes')
    expect(body).toContain('"\'=cmd|"" /C calc""!A0"')
    // No cell anywhere starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })
})

/** A strict RFC 4180 reader: every field quoted, records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let i = 0
  while (i < text.length) {
    const row: string[] = []
    for (;;) {
      if (text[i] !== '"') throw new Error(`unquoted field at ${i}`)
      let value = ''
      i++
      for (;;) {
        const c = text[i]
        if (c === undefined) throw new Error('unterminated field')
        if (c === '"' && text[i + 1] === '"') {
          value += '"'
          i += 2
        } else if (c === '"') {
          i++
          break
        } else {
          value += c
          i++
        }
      }
      row.push(value)
      if (text[i] === ',') {
        i++
        continue
      }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`)
      i += 2
      break
    }
    rows.push(row)
  }
  return rows
}
