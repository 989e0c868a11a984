import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  type CheckInput,
  emlFilename,
  findPlaceholders,
  headerSafe,
  isSingleAddress,
  MAILTO_LIMIT,
  mailtoLink,
  preSendChecks,
} from '../../src/domain/draftChecks.js'
import { assignQuestions, followUpComplete } from '../../src/domain/followUp.js'
import { sampleDrafts } from '../../src/domain/sampleDebrief.js'
import { renderText } from '../../src/mail/draftTemplates.js'
import { projectRoot } from '../../src/paths.js'

const ENDS = Date.parse('2026-03-02T16:00:00Z')
const base: CheckInput = {
  kind: 'answers',
  subject: 'Following up',
  body: 'Hi Grace,\n\nHere is what I found.\n\nAda\n',
  interviewerEmail: 'grace@example.com',
  unresearched: [],
  readyCount: 1,
  endsAt: ENDS,
  now: ENDS + 60 * 60_000,
}
const codes = (input: Partial<CheckInput>) => preSendChecks({ ...base, ...input }).map((c) => c.code)

describe('pre-send checks', () => {
  it('passes a finished note', () => {
    expect(preSendChecks(base)).toEqual([])
  })

  it('flags unresearched follow-up questions, naming them', () => {
    const [check] = preSendChecks({ ...base, unresearched: ['Explain Raft'] })
    expect(check).toMatchObject({ code: 'unresearched', level: 'warning' })
    expect(check!.message).toContain('"Explain Raft"')
  })

  it('blocks on a missing or malformed interviewer address', () => {
    expect(preSendChecks({ ...base, interviewerEmail: '' })[0]).toMatchObject({
      code: 'missing_email',
      level: 'error',
    })
    for (const bad of ['grace', 'a@b.com, c@d.com', 'Grace <g@x.com>', 'g@x.com\r\nBcc: e@x.com']) {
      expect(codes({ interviewerEmail: bad })).toEqual(['invalid_email'])
    }
  })

  it('finds leftover placeholders', () => {
    expect(codes({ body: 'Hi [NAME], see TODO' })).toEqual(['placeholder'])
    expect(codes({ subject: 'Re: XXX' })).toEqual(['placeholder'])
    expect(codes({ body: 'an unmatched ] bracket' })).toEqual(['placeholder'])
    expect(codes({ body: 'Hello {{name}}' })).toEqual(['placeholder'])
    expect(findPlaceholders('Hi [NAME], [NAME] and TBD')).toEqual(['[NAME]', 'TBD'])
    expect(codes({ body: 'todo lists and Xxx are fine in prose' })).toEqual([])
  })

  it('warns once the 24-hour deadline has passed', () => {
    expect(codes({ now: ENDS + 24 * 3_600_000 })).toEqual([])
    const [late] = preSendChecks({ ...base, now: ENDS + 27 * 3_600_000 })
    expect(late).toMatchObject({ code: 'deadline_passed', level: 'warning' })
    expect(late!.message).toContain('3 h')
  })

  it('flags an answer note with nothing left to answer, and empty text', () => {
    expect(codes({ readyCount: 0 })).toEqual(['no_answers'])
    expect(codes({ kind: 'thank_you', readyCount: 0 })).toEqual([])
    expect(codes({ body: '  \n' })).toEqual(['empty'])
  })
})

describe('completion', () => {
  const q = (id: number, interviewerId: number | null, answer: string, include = true) => ({
    id,
    interviewerId,
    text: `q${id}`,
    confidence: 'missed' as const,
    researchedAnswer: answer,
    sources: [],
    includeInFollowUp: include,
  })
  const people = (thanks: (number | null)[], answers: (number | null)[]) =>
    thanks.map((t, i) => ({ id: i + 1, thankYouSentAt: t, answersSentAt: answers[i] ?? null }))

  it('needs every thank-you and every due answer note', () => {
    const assignment = assignQuestions([1, 2], [q(1, 2, 'answer'), q(2, 1, ''), q(3, 1, 'x', false)])
    expect(followUpComplete(people([1, 1], [null, null]), assignment)).toBe(false)
    expect(followUpComplete(people([1, 1], [null, 5]), assignment)).toBe(true)
    expect(followUpComplete(people([1, null], [null, 5]), assignment)).toBe(false)
  })

  it('makes the first interviewer owe the answers to unattributed questions', () => {
    const assignment = assignQuestions([7, 8], [q(1, null, 'answer')])
    expect(assignment.get(7)!.ready).toHaveLength(1)
    expect(
      followUpComplete(
        [
          { id: 7, thankYouSentAt: 1, answersSentAt: null },
          { id: 8, thankYouSentAt: 1, answersSentAt: null },
        ],
        assignment,
      ),
    ).toBe(false)
  })

  it('is never complete with nobody to write to', () => {
    expect(followUpComplete([], assignQuestions([], []))).toBe(false)
  })
})

describe('hand-off helpers', () => {
  it('builds an RFC 6068 mailto link', () => {
    const link = mailtoLink('grace@example.com', 'Thanks & more', 'Line one\nLine "two" + 100%')
    expect(link.complete).toBe(true)
    expect(link.href).toBe(
      'mailto:grace@example.com?subject=Thanks%20%26%20more&body=Line%20one%0D%0ALine%20%22two%22%20%2B%20100%25',
    )
    expect(mailtoLink('bad\r\nBcc: x@y.z', 'S', 'B').href).toBe('mailto:?subject=S&body=B')
  })

  it('falls back to address and subject when the link would be too long', () => {
    const link = mailtoLink('grace@example.com', 'Subject', 'x'.repeat(MAILTO_LIMIT))
    expect(link.complete).toBe(false)
    expect(link.href).toBe('mailto:grace@example.com?subject=Subject')
    expect(link.length).toBeGreaterThan(MAILTO_LIMIT)
    // Encoding counts: 700 "é" are 4200 characters once percent-encoded.
    expect(mailtoLink('g@x.io', 'S', 'é'.repeat(700)).complete).toBe(false)
  })

  it('accepts exactly one plain address', () => {
    expect(isSingleAddress('grace.hopper+jobs@mail.example.co.uk')).toBe(true)
    for (const bad of [
      '',
      'a@b',
      'a@b.com,c@d.com',
      'a@b.com c@d.com',
      '<a@b.com>',
      'a@b.com\n',
      'a@b.com\rBcc: c@d.com',
    ]) {
      expect(isSingleAddress(bad)).toBe(false)
    }
  })

  it('keeps header values on one line', () => {
    expect(headerSafe('Hi\r\nBcc: evil@example.com')).toBe('Hi Bcc: evil@example.com')
    expect(headerSafe('a\u2028b\tc')).toBe('a b c')
  })

  it('names .eml files after the kind and the interviewer', () => {
    expect(emlFilename('thank_you', 'Zoë O’Neil')).toBe('thank-you-zoe-o-neil.eml')
    expect(emlFilename('answers', '"\r\n')).toBe('answers.eml')
  })
})

describe('documentation', () => {
  it('docs/draft-examples.md is generated from the sample debrief', () => {
    const file = readFileSync(join(projectRoot, 'docs/draft-examples.md'), 'utf8')
    // Regenerate with: npx tsx src/build/draftExamples.ts > docs/draft-examples.md
    expect(file).toBe(sampleDrafts(renderText))
    expect(file).toContain('What is the difference between a B-tree and an LSM-tree?')
    expect(file).not.toContain('Tell me about a time you disagreed')
    expect(file).not.toContain('HTTP/2 multiplexing')
  })
})
