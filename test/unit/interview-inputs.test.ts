import { describe, expect, it } from 'vitest'
import {
  checkAskText,
  checkInterview,
  checkInterviewer,
  checkQuestion,
  emailProblem,
  httpUrlProblem,
  parseSources,
  parseTopics,
} from '../../src/domain/interviewInput.js'
import { needsResearch, researchProgress, thankedProgress } from '../../src/domain/progress.js'
import { escapeHtml, ftsQuery, MARK_END, MARK_START, markedToHtml } from '../../src/domain/search.js'

describe('emailProblem', () => {
  it.each([
    'sam@example.com',
    'sam.o+jobs@mail.example.co.uk',
    "o'brien@example.ie",
    'x@xn--bcher-kva.example',
  ])('accepts %s', (email) => {
    expect(emailProblem(email)).toBeUndefined()
  })

  it.each([
    ['a@example.com,b@example.com', /exactly one address/],
    ['a@example.com; b@example.com', /exactly one address/],
    ['a@example.com\r\nBcc: evil@example.com', /one line/],
    ['a@example.com\nx', /one line/],
    ['Sam <sam@example.com>', /display name/],
    ['<sam@example.com>', /display name/],
    ['"sam"@example.com', /display name/],
    ['sam(comment)@example.com', /display name/],
    ['sam @example.com', /spaces/],
    ['sam@exa mple.com', /spaces/],
    ['sam\t@example.com', /spaces/],
    ['sam', /one address/],
    ['a@b@example.com', /one address/],
    ['@example.com', /before @/],
    ['sam..x@example.com', /before @/],
    ['.sam@example.com', /before @/],
    ['sam@localhost', /after @/],
    ['sam@example', /after @/],
    ['sam@-example.com', /after @/],
    ['sam@example.c', /after @/],
    ['sam@example..com', /after @/],
    [`${'a'.repeat(65)}@example.com`, /before @/],
    [`a@${'b'.repeat(250)}.com`, /at most 254/],
  ])('rejects %j', (email, message) => {
    expect(emailProblem(email)).toMatch(message)
  })
})

describe('httpUrlProblem', () => {
  it.each(['https://example.com/jobs/1', 'http://example.com', 'HTTPS://EXAMPLE.COM/x?y=1#z'])(
    'accepts %s',
    (url) => {
      expect(httpUrlProblem(url)).toBeUndefined()
    },
  )

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'ftp://example.com/file',
    '//example.com/path',
    '/jobs/1',
    'example.com',
    'https://exa mple.com',
    'java\nscript:alert(1)',
    'https://',
    `https://example.com/${'a'.repeat(2000)}`,
  ])('rejects %j', (url) => {
    expect(httpUrlProblem(url)).toBeDefined()
  })
})

describe('parseTopics', () => {
  it('splits on commas and newlines, trims, drops blanks and merges duplicates ignoring case', () => {
    expect(parseTopics(' SQL, indexes,,sql\nB-trees ,  query   plans ')).toEqual({
      ok: true,
      value: ['SQL', 'indexes', 'B-trees', 'query plans'],
    })
    expect(parseTopics(['a', ' A ', ''])).toEqual({ ok: true, value: ['a'] })
  })

  it('limits the length and the count', () => {
    expect(parseTopics('x'.repeat(51))).toMatchObject({ ok: false })
    expect(parseTopics(Array.from({ length: 21 }, (_, i) => `t${i}`))).toMatchObject({ ok: false })
    expect(parseTopics(Array.from({ length: 20 }, (_, i) => `t${i}`))).toMatchObject({ ok: true })
  })
})

describe('parseSources', () => {
  it('takes one URL per line and says which line is wrong', () => {
    expect(parseSources('https://a.example/x\n\n  http://b.example  \r\nhttps://a.example/x')).toEqual({
      ok: true,
      value: ['https://a.example/x', 'http://b.example'],
    })
    expect(parseSources('https://a.example\njavascript:alert(1)')).toEqual({
      ok: false,
      problem: 'line 2 must start with http:// or https://',
    })
    expect(parseSources(['https://a.example', 'nope'])).toMatchObject({ ok: false, problem: /^item 2/ })
  })
})

describe('checkInterview', () => {
  const valid = {
    company: '  Acme  ',
    role: 'Engineer',
    kind: 'technical',
    startsAt: '2026-03-02T09:00',
    endsAt: '2026-03-02T10:00',
    timeZone: 'UTC',
  }

  it('trims and fills defaults', () => {
    const result = checkInterview(valid)
    expect(result).toMatchObject({
      ok: true,
      value: { company: 'Acme', location: '', jobUrl: '', notes: '', outcome: 'pending' },
    })
  })

  it('flags every bad field at once', () => {
    const result = checkInterview({
      company: '   ',
      role: 'r'.repeat(201),
      kind: 'lunch',
      startsAt: '2026-03-02T10:00',
      endsAt: '2026-03-02T09:00',
      timeZone: 'UTC',
      jobUrl: 'javascript:alert(1)',
      outcome: 'ghosted',
      location: 'l'.repeat(501),
      notes: 'n'.repeat(20_001),
    })
    expect(result.ok).toBe(false)
    expect(Object.keys(result.ok ? {} : result.problems).sort()).toEqual(
      ['company', 'endsAt', 'jobUrl', 'kind', 'location', 'notes', 'outcome', 'role'].sort(),
    )
  })
})

describe('checkInterviewer and checkQuestion', () => {
  it('accepts a minimal interviewer and rejects a header-injecting email', () => {
    expect(checkInterviewer({ name: 'Sam' })).toEqual({
      ok: true,
      value: { name: 'Sam', title: '', email: '', notes: '', topics: [] },
    })
    expect(checkInterviewer({ name: ' ', email: 'a@b.com\r\nBcc: x@y.com' })).toMatchObject({
      ok: false,
      problems: { name: 'must not be empty', email: 'must be on one line' },
    })
  })

  it('defaults a question to "include in follow-up", not researched', () => {
    expect(checkQuestion({ text: 'Why B-trees?', confidence: 'missed', topics: 'db' })).toMatchObject({
      ok: true,
      value: { researched: false, includeInFollowUp: true, topics: ['db'], sources: [], interviewerId: null },
    })
    expect(checkQuestion({ text: '', confidence: 'meh', sources: 'ftp://x' })).toMatchObject({
      ok: false,
      problems: { text: 'must not be empty', confidence: expect.any(String), sources: expect.any(String) },
    })
  })

  it('requires question-to-ask text', () => {
    expect(checkAskText('  What is on-call like?  ')).toEqual({ ok: true, value: 'What is on-call like?' })
    expect(checkAskText('   ')).toMatchObject({ ok: false, problems: { text: 'must not be empty' } })
  })
})

describe('progress', () => {
  it('counts missed and shaky questions as the research list', () => {
    const questions = [
      { confidence: 'missed' as const, researched: true },
      { confidence: 'shaky' as const, researched: false },
      { confidence: 'nailed' as const, researched: true },
      { confidence: 'missed' as const, researched: true },
    ]
    expect(researchProgress(questions)).toEqual({ done: 2, total: 3 })
    expect(needsResearch('nailed')).toBe(false)
  })

  it('counts interviewers thanked', () => {
    expect(thankedProgress([{ thankYouSentAt: 5 }, { thankYouSentAt: null }])).toEqual({ done: 1, total: 2 })
  })
})

describe('full-text query quoting and highlighting', () => {
  it('quotes every word so FTS operators are plain words', () => {
    expect(ftsQuery('b-tree AND (index')).toBe('"b-tree"* "AND"* "(index"*')
    expect(ftsQuery('say "hi"')).toBe('"say"* """hi"""*')
    expect(ftsQuery(' " * ( ) : ^ ')).toBeNull()
    expect(ftsQuery('')).toBeNull()
  })

  it('escapes everything and turns only marker pairs into <mark>', () => {
    expect(markedToHtml(`a ${MARK_START}<b>${MARK_END} "c" & 'd'`)).toBe(
      'a <mark>&lt;b&gt;</mark> &quot;c&quot; &amp; &#39;d&#39;',
    )
    expect(markedToHtml(`${MARK_END}x${MARK_START}y`)).toBe('x<mark>y</mark>')
    expect(markedToHtml(`${MARK_START}${MARK_START}x${MARK_END}${MARK_END}`)).toBe('<mark>x</mark>')
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;')
  })
})
