import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type DraftContext,
  type DraftKind,
  draftAnswers,
  draftCombined,
  draftHtml,
  draftThankYou,
  firstName,
  listPhrase,
  type RenderFn,
  renderDraft,
  TONES,
  type Tone,
} from '../../src/domain/drafts.js'
import { assignQuestions, type FollowUpQuestion } from '../../src/domain/followUp.js'
import { renderHtml, renderText } from '../../src/mail/draftTemplates.js'

const ctx: DraftContext = {
  sender: { name: 'Ada Lovelace' },
  interview: {
    company: 'Initech',
    role: 'Platform Engineer',
    endsAt: Date.parse('2026-03-02T16:00:00Z'),
    timeZone: 'America/New_York',
  },
  interviewer: { name: 'Grace Hopper', title: 'Principal Engineer', topics: ['compilers', 'on-call'] },
  answerHeard: { question: 'How do you deploy?', answer: 'Twenty times a day behind feature flags' },
}

const questions: FollowUpQuestion[] = [
  {
    id: 1,
    interviewerId: 10,
    text: 'How does a B-tree stay balanced?',
    confidence: 'missed',
    researchedAnswer: 'Nodes split on overflow and merge on underflow.',
    sources: ['https://en.wikipedia.org/wiki/B-tree'],
    includeInFollowUp: true,
  },
  {
    id: 2,
    interviewerId: null,
    text: 'What is a vector clock?',
    confidence: 'shaky',
    researchedAnswer: 'A per-node counter array that orders events causally.',
    sources: ['https://martinfowler.com/articles/patterns-of-distributed-systems/', 'https://example.org/vc'],
    includeInFollowUp: true,
  },
  {
    id: 3,
    interviewerId: 10,
    text: 'Excluded: describe your worst outage',
    confidence: 'missed',
    researchedAnswer: 'Private reflection that must not be sent.',
    sources: ['https://private.example/notes'],
    includeInFollowUp: false,
  },
  {
    id: 4,
    interviewerId: 10,
    text: 'Unresearched: explain Raft leader election',
    confidence: 'missed',
    researchedAnswer: '',
    sources: [],
    includeInFollowUp: true,
  },
  {
    id: 5,
    interviewerId: 11,
    text: 'Second interviewer: what is a bloom filter?',
    confidence: 'missed',
    researchedAnswer: 'A probabilistic set with false positives only.',
    sources: ['https://example.org/bloom'],
    includeInFollowUp: true,
  },
  {
    id: 6,
    interviewerId: 10,
    text: 'Nailed and unresearched: reverse a list',
    confidence: 'nailed',
    researchedAnswer: '',
    sources: [],
    includeInFollowUp: true,
  },
]

const assignment = assignQuestions([10, 11], questions)
const ready = assignment
  .get(10)!
  .ready.map((q) => ({ text: q.text, answer: q.researchedAnswer, sources: q.sources }))

const render = (kind: DraftKind, tone: Tone, c: DraftContext = ctx) =>
  kind === 'thank_you'
    ? draftThankYou(c, tone, renderText)
    : kind === 'answers'
      ? draftAnswers(c, ready, tone, renderText)
      : draftCombined(c, ready, tone, renderText)

const ENTITY = /&(?:amp|lt|gt|quot|#39|#x27|apos|#\d+);/

describe('draft content', () => {
  it('assigns questions: unattributed ones go to the first interviewer, excluded and unresearched stay out', () => {
    expect(assignment.get(10)!.ready.map((q) => q.id)).toEqual([1, 2])
    expect(assignment.get(10)!.unresearched.map((q) => q.id)).toEqual([4])
    expect(assignment.get(11)!.ready.map((q) => q.id)).toEqual([5])
  })

  for (const kind of ['thank_you', 'answers', 'combined'] as const) {
    for (const tone of TONES) {
      it(`${kind} / ${tone}: personalised, complete and nothing it should not contain`, () => {
        const { subject, text } = render(kind, tone)
        expect(subject.length).toBeGreaterThan(5)
        expect(subject).not.toMatch(/[\r\n]/)
        expect(text).toContain(tone === 'formal' ? 'Dear Grace Hopper,' : 'Hi Grace,')
        expect(text).toContain('Initech')
        expect(text.trimEnd().endsWith('Ada Lovelace')).toBe(true)
        if (kind !== 'answers') expect(text).toContain('How do you deploy?')
        if (kind !== 'answers' && tone !== 'brief')
          expect(text).toContain('Twenty times a day behind feature flags.')
        if (kind !== 'answers') expect(text).toMatch(/compilers and on-call/)
        if (kind !== 'thank_you') {
          for (const q of ready) {
            expect(text).toContain(q.text)
            expect(text).toContain(q.answer)
            for (const url of q.sources) expect(text).toContain(url)
          }
          expect(text).toMatch(/complete answer in the moment/)
        } else {
          expect(text).not.toContain('B-tree')
        }
        for (const hidden of [
          'Excluded',
          'Private reflection',
          'private.example',
          'Unresearched',
          'Nailed',
          'bloom',
        ]) {
          expect(text).not.toContain(hidden)
        }
        expect(text).not.toMatch(/\n{3,}/)
        expect(text).not.toMatch(/[ \t]+\n/)
        expect(text).not.toMatch(ENTITY)
        expect(text).not.toMatch(/[[\]]|TODO|XXX|undefined|null/)
      })
    }
  }

  it('mentions the title in the warm and formal thank-you notes', () => {
    expect(draftThankYou(ctx, 'warm', renderText).text).toContain('Principal Engineer')
    expect(draftThankYou(ctx, 'formal', renderText).text).toContain('Principal Engineer')
  })

  describe('the warm thank-you reads as English', () => {
    const warm = (title: string, topics: string[]) =>
      draftThankYou(
        { ...ctx, interviewer: { name: 'Dana Ruiz', title, topics }, answerHeard: null },
        'warm',
        renderText,
      ).text
    it.each([
      ['Pentester', [], 'I really enjoyed our conversation and hearing your perspective as a Pentester.'],
      [
        'SRE',
        ['TLS'],
        'I really enjoyed our conversation, especially discussing TLS, and hearing your perspective as an SRE.',
      ],
      [
        'the Head of Security',
        ['TLS', 'Kerberos'],
        'I really enjoyed our conversation, especially discussing TLS and Kerberos, and hearing your perspective as the Head of Security.',
      ],
      [
        '',
        ['TLS', 'Kerberos', 'SIEM tuning'],
        'I really enjoyed our conversation, especially discussing TLS, Kerberos and SIEM tuning.',
      ],
      ['', [], 'I really enjoyed our conversation.'],
    ])('title %j with topics %j', (title, topics, sentence) => {
      expect(warm(title, topics)).toContain(sentence)
    })

    it('gives the formal note the article too', () => {
      const text = draftThankYou(
        {
          ...ctx,
          interviewer: { name: 'Dana Ruiz', title: 'Incident Responder', topics: [] },
          answerHeard: null,
        },
        'formal',
        renderText,
      ).text
      expect(text).toContain('from your perspective as an Incident Responder.')
    })
  })

  it('reads naturally without title, topics or remembered answer', () => {
    const bare: DraftContext = {
      ...ctx,
      interviewer: { name: 'Linus', title: '', topics: [] },
      answerHeard: null,
    }
    for (const tone of TONES) {
      const { text } = draftThankYou(bare, tone, renderText)
      expect(text).toContain('Linus')
      expect(text).not.toMatch(/ ,|\.\.|as \.|discussing ,|undefined|null/)
      expect(text).toContain('Platform Engineer')
    }
  })

  it('keeps "& < > \' \\"" in user text as typed in the plain-text drafts', () => {
    const nasty: DraftContext = {
      sender: { name: `O'Brien & "Sons" <dev>` },
      interview: { ...ctx.interview, company: `AT&T <Labs> 'R&D' "X"` },
      interviewer: { name: `Zoë <b>bold</b>`, title: `VP & "Head"`, topics: ['a < b && c > d'] },
      answerHeard: { question: `Why "this" & 'that'?`, answer: `Because <reasons> & more` },
    }
    const answer = [
      { text: `Is 1 < 2 & 3 > 2?`, answer: `Yes: "1 < 2" & '3 > 2'.`, sources: ['https://x.test/?a=1&b=2'] },
    ]
    for (const tone of TONES) {
      for (const draft of [
        draftThankYou(nasty, tone, renderText),
        draftAnswers(nasty, answer, tone, renderText),
        draftCombined(nasty, answer, tone, renderText),
      ]) {
        expect(draft.text).not.toMatch(ENTITY)
        expect(draft.subject).not.toMatch(ENTITY)
        expect(draft.text).toContain(`AT&T <Labs> 'R&D' "X"`)
        expect(draft.text).toContain(`O'Brien & "Sons" <dev>`)
      }
      expect(draftAnswers(nasty, answer, tone, renderText).text).toContain(`Yes: "1 < 2" & '3 > 2'.`)
      expect(draftAnswers(nasty, answer, tone, renderText).text).toContain('https://x.test/?a=1&b=2')
    }
  })

  it('never produces entities from arbitrary user text (property)', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', '&', '<', '>', "'", '"', 'é', '1'),
      minLength: 1,
      maxLength: 30,
    })
    fc.assert(
      fc.property(text, text, text, (company, name, answer) => {
        fc.pre(company.trim() !== '' && name.trim() !== '' && answer.trim() !== '')
        const c: DraftContext = {
          ...ctx,
          interview: { ...ctx.interview, company },
          interviewer: { ...ctx.interviewer, name },
        }
        const { text: out } = draftCombined(c, [{ text: 'Q?', answer, sources: [] }], 'warm', renderText)
        expect(out).not.toMatch(ENTITY)
        expect(out).toContain(company.replace(/\s+/g, ' ').trim())
        expect(out).toContain(answer.trim())
      }),
      { numRuns: 150 },
    )
  })

  it('escapes user text in the HTML alternative and links only http(s) addresses', () => {
    const html = draftHtml(
      `Hi <script>alert("x")</script> & 'you'\n\nSee https://example.org/a?b=1&c=2. And javascript:alert(1)`,
      renderHtml,
    )
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;you&#39;')
    expect(html).toContain(
      '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>.',
    )
    expect(html).not.toContain('href="javascript')
    expect(html.match(/<p>/g)).toHaveLength(2)
  })

  it('renders through an injected render function', () => {
    const calls: string[] = []
    const fake: RenderFn = (template, data) => {
      calls.push(template)
      return `Subject: Hello ${String(data.first)}\n\nBody for ${String(data.company)}\n`
    }
    expect(renderDraft('answers', ctx, ready, 'brief', fake)).toEqual({
      subject: 'Hello Grace',
      text: 'Body for Initech\n',
    })
    expect(calls).toEqual(['./draft-answers'])
    expect(() => renderDraft('thank_you', ctx, [], 'warm', () => 'no subject line')).toThrow(/Subject:/)
  })

  it('greets by first name except after an honorific', () => {
    expect(firstName('Grace Hopper')).toBe('Grace')
    expect(firstName('Dr. Grace Hopper')).toBe('Dr. Grace Hopper')
    expect(firstName('Cher')).toBe('Cher')
    expect(listPhrase(['a', 'b', 'c'])).toBe('a, b and c')
    expect(listPhrase([' ', 'x'])).toBe('x')
  })
})
