import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvCell, csvRow } from '../../src/domain/csv.js'
import { formatPath, parseImport, problemMessage } from '../../src/domain/importCheck.js'

describe('CSV cells', () => {
  it('quotes every cell, doubles quotes and ends rows with CRLF', () => {
    expect(csvRow(['a', 'b "c"', 'line\nbreak', 3, true, null])).toBe(
      '"a","b ""c""","line\nbreak","3","true",""\r\n',
    )
  })

  it('neutralises cells a spreadsheet would run as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(csvCell(`${start}SUM(A1)`)).toBe(`"'${start}SUM(A1)"`)
    expect(csvCell('-42')).toBe(`"'-42"`)
    expect(csvCell('a=b')).toBe('"a=b"')
  })

  it('reads back as the original text (minus the guard) for any input', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cell = csvCell(text)
        const inner = cell.slice(1, -1).replaceAll('""', '"')
        return cell.startsWith('"') && cell.endsWith('"') && (inner === text || inner === `'${text}`)
      }),
    )
  })
})

describe('import parsing', () => {
  it('names the path of a problem in document terms', () => {
    expect(formatPath('/interviews/2/questions/0/text')).toBe('interviews[2].questions[0].text')
    expect(formatPath('')).toBe('(document)')
    expect(problemMessage({ path: '(document)', message: 'is not valid JSON' })).toBe(
      'The file is not valid JSON.',
    )
  })

  it('refuses what is not a Debrief export before looking further', () => {
    const notOurs = parseImport('{"hello": "world"}')
    expect(notOurs.ok).toBe(false)
    if (!notOurs.ok) expect(notOurs.problem.path).toBe('format')
    const array = parseImport('[]')
    expect(array.ok).toBe(false)
    const huge = parseImport(' '.repeat(5 * 1024 * 1024 + 1))
    expect(huge.ok).toBe(false)
    if (!huge.ok) expect(huge.problem.message).toMatch(/larger than 5 MB/)
  })

  /** The smallest document an export can be: an account with nothing in it. */
  const emptyExport = () => ({
    format: 'debrief-export',
    version: 1,
    exportedAt: '2026-03-02T15:00:00.000Z',
    user: { name: 'Ada', timeZone: 'Asia/Kolkata' },
    interviews: [],
    askQuestions: [],
    drafts: [],
    reminderSettings: {
      leads: [],
      researchEnabled: true,
      overdueEnabled: true,
      quietHours: null as unknown,
      email: null,
    },
  })

  it('accepts a minimal empty document, with a byte-order mark', () => {
    const parsed = parseImport(`\uFEFF${JSON.stringify(emptyExport())}`)
    expect(parsed.ok).toBe(true)
  })

  it('names an unknown field and a missing one by their paths', () => {
    const base = emptyExport()
    const extra = parseImport(JSON.stringify({ ...base, user: { ...base.user, password: 'x' } }))
    expect(extra.ok).toBe(false)
    if (!extra.ok) expect(problemMessage(extra.problem)).toBe('user.password is not a known field.')
    const { drafts: _drafts, ...withoutDrafts } = base
    const missing = parseImport(JSON.stringify(withoutDrafts))
    expect(missing.ok).toBe(false)
    if (!missing.ok) expect(problemMessage(missing.problem)).toBe('drafts is required.')
  })

  it('explains a nullable field of the wrong type', () => {
    const doc = emptyExport()
    doc.reminderSettings.quietHours = 5
    const parsed = parseImport(JSON.stringify(doc))
    expect(parsed.ok).toBe(false)
    if (!parsed.ok)
      expect(problemMessage(parsed.problem)).toBe('reminderSettings.quietHours must be an object or null.')
  })
})
