import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Confidence, FollowUpState } from '../../src/domain/interview.js'
import {
  type GuideInput,
  type GuidePerson,
  type GuideQuestion,
  nextStep,
  prepWhen,
  remainingWork,
} from '../../src/domain/nextStep.js'

// The oracle below restates the guide from the issue in plain loops, sharing no code with it.

const NAMES = ['Dana', 'Sam', 'Lee']

function oracleOwed(input: GuideInput): GuidePerson[] {
  const answersDue = new Set<number>()
  for (const q of input.questions) {
    if (!q.includeInFollowUp || q.researchedAnswer.trim() === '') continue
    const asker = input.interviewers.find((p) => p.id === q.interviewerId)
    const to = asker ?? input.interviewers[0]
    if (to) answersDue.add(to.id)
  }
  const owed: GuidePerson[] = []
  for (const p of input.interviewers) {
    if (p.thankYouSentAt === null || (answersDue.has(p.id) && p.answersSentAt === null)) owed.push(p)
  }
  return owed
}

function oracle(input: GuideInput) {
  const badly = input.questions.filter((q) => q.confidence !== 'nailed')
  const open = badly.filter((q) => !q.researched)
  const owed = oracleOwed(input)
  const captureDone = input.questions.length > 0
  const researchDone = captureDone && open.length === 0
  const sendDone = input.interviewers.length > 0 && owed.length === 0
  let current: string | null = null
  if (!captureDone) current = 'capture'
  else if (!researchDone) current = 'research'
  else if (!sendDone) current = 'send'
  if (input.followUpState !== 'open' || input.closed) current = null

  let label: string
  let href: string | undefined
  if (current === 'capture') {
    label = 'Capture the questions you were asked'
    href = '#capture-text'
  } else if (current === 'research') {
    const hasMissed = open.some((q) => q.confidence === 'missed')
    const hasShaky = open.some((q) => q.confidence === 'shaky')
    const kind = hasMissed && hasShaky ? 'missed and shaky' : hasMissed ? 'missed' : 'shaky'
    label = `Research ${open.length} ${kind} ${open.length === 1 ? 'question' : 'questions'}`
    href = `/questions/${open[0]!.id}`
  } else if (current === 'send') {
    if (owed.length === 0) {
      label = 'Add the people you met'
      href = '#interviewer-name'
    } else {
      label = `Send ${owed[0]!.name}’s note`
      href = `/interviews/${input.interviewId}/drafts#interviewer-${owed[0]!.id}`
    }
  } else if (input.followUpState === 'not_needed') label = 'No follow-up needed ✓'
  else if (input.closed && input.followUpState === 'open') label = 'Nothing more is owed ✓'
  else label = 'Followed up ✓'

  const counts = [
    input.questions.length === 0
      ? 'no questions yet'
      : `${input.questions.length} question${input.questions.length === 1 ? '' : 's'}`,
    badly.length === 0 ? 'nothing to research' : `${badly.length - open.length}/${badly.length} researched`,
    input.interviewers.length === 0
      ? 'no interviewers yet'
      : `${input.interviewers.length - owed.length}/${input.interviewers.length} notes sent`,
  ]
  const doneFlags = [captureDone, researchDone, sendDone]
  const states = ['capture', 'research', 'send'].map((name, i) =>
    doneFlags[i] ? 'done' : name === current ? 'current' : 'todo',
  )
  return { current, label, href, counts, states }
}

const question = fc.record({
  confidence: fc.constantFrom<Confidence>('missed', 'shaky', 'nailed'),
  researched: fc.boolean(),
  hasAnswer: fc.boolean(),
  includeInFollowUp: fc.boolean(),
  asker: fc.integer({ min: -1, max: 3 }),
})

const interview = fc
  .record({
    followUpState: fc.constantFrom<FollowUpState>('open', 'open', 'open', 'done', 'not_needed'),
    closed: fc.boolean(),
    questions: fc.array(question, { maxLength: 4 }),
    people: fc.array(fc.record({ thanked: fc.boolean(), answered: fc.boolean() }), { maxLength: 3 }),
  })
  .map(({ followUpState, closed, questions, people }): GuideInput => {
    const interviewers = people.map((p, i) => ({
      id: 100 + i,
      name: NAMES[i]!,
      thankYouSentAt: p.thanked ? 1 : null,
      answersSentAt: p.answered ? 2 : null,
    }))
    return {
      interviewId: 7,
      followUpState,
      closed,
      interviewers,
      questions: questions.map(
        (q, i): GuideQuestion => ({
          id: 10 + i,
          text: `Q${i}`,
          confidence: q.confidence,
          researched: q.researched,
          researchedAnswer: q.hasAnswer ? 'An answer.' : '  ',
          sources: [],
          includeInFollowUp: q.includeInFollowUp,
          interviewerId: q.asker < 0 ? null : 100 + q.asker,
        }),
      ),
    }
  })

describe('the next-step guide', () => {
  it('agrees with the oracle on every small interview', () => {
    fc.assert(
      fc.property(interview, (input) => {
        const guide = nextStep(input)
        const expected = oracle(input)
        expect(guide.current).toBe(expected.current)
        expect(guide.action.label).toBe(expected.label)
        expect('href' in guide.action ? guide.action.href : undefined).toBe(expected.href)
        expect(guide.steps.map((s) => s.count)).toEqual(expected.counts)
        expect(guide.steps.map((s) => s.state)).toEqual(expected.states)
        // The current step is the first one not done, and only one step is ever current.
        const currentSteps = guide.steps.filter((s) => s.state === 'current')
        expect(currentSteps.length).toBe(guide.current === null ? 0 : 1)
        if (guide.current !== null) {
          const firstNotDone = guide.steps.find((s) => s.state !== 'done')
          expect(firstNotDone?.name).toBe(guide.current)
        }
      }),
      { numRuns: 2000 },
    )
  })

  const base = (over: Partial<GuideInput>): GuideInput => ({
    interviewId: 3,
    followUpState: 'open',
    closed: false,
    questions: [],
    interviewers: [],
    ...over,
  })
  const q = (id: number, confidence: Confidence, researched = false): GuideQuestion => ({
    id,
    text: 't',
    confidence,
    researched,
    researchedAnswer: researched ? 'a' : '',
    sources: [],
    includeInFollowUp: true,
    interviewerId: null,
  })
  const dana = { id: 1, name: 'Dana', thankYouSentAt: null, answersSentAt: null }
  const sam = { id: 2, name: 'Sam', thankYouSentAt: null, answersSentAt: null }

  it('names the count and kind of the questions to research, in grammar', () => {
    expect(nextStep(base({ questions: [q(5, 'missed')] })).action.label).toBe('Research 1 missed question')
    expect(nextStep(base({ questions: [q(5, 'missed'), q(6, 'missed')] })).action.label).toBe(
      'Research 2 missed questions',
    )
    expect(nextStep(base({ questions: [q(5, 'nailed'), q(6, 'shaky')] })).action).toEqual({
      kind: 'research',
      label: 'Research 1 shaky question',
      href: '/questions/6',
    })
    expect(
      nextStep(base({ questions: [q(5, 'shaky'), q(6, 'missed', true), q(7, 'missed')] })).action.label,
    ).toBe('Research 2 missed and shaky questions')
  })

  it('sends the first interviewer still owed a note to the drafts page', () => {
    const thanked = { ...dana, thankYouSentAt: 1 }
    const guide = nextStep(base({ questions: [q(5, 'nailed')], interviewers: [thanked, sam] }))
    expect(guide.current).toBe('send')
    expect(guide.action).toEqual({
      kind: 'send',
      label: 'Send Sam’s note',
      href: '/interviews/3/drafts#interviewer-2',
    })
    expect(guide.steps[2]!.count).toBe('1/2 notes sent')
  })

  it('says what remains before stopping reminders', () => {
    expect(
      remainingWork({
        questions: [q(1, 'missed'), q(2, 'shaky')],
        interviewers: [{ ...dana, thankYouSentAt: 1 }, sam],
      }),
    ).toBe('2 questions are not researched and Sam is not thanked')
    expect(remainingWork({ questions: [q(1, 'missed'), q(2, 'nailed')], interviewers: [] })).toBe(
      '1 question is not researched',
    )
    expect(remainingWork({ questions: [], interviewers: [dana, sam, { ...sam, id: 3, name: 'Lee' }] })).toBe(
      'Dana, Sam and Lee are not thanked',
    )
    expect(
      remainingWork({ questions: [q(1, 'missed', true)], interviewers: [{ ...dana, thankYouSentAt: 1 }] }),
    ).toBeNull()
  })
})

describe('prepWhen', () => {
  const start = Date.parse('2026-03-02T17:05:00Z')
  const end = Date.parse('2026-03-02T18:00:00Z')
  it.each([
    ['2026-03-02T15:00:00Z', 'Starts in 2 h 5 min'],
    ['2026-03-01T17:00:00Z', 'Starts in 1 d 5 min'],
    ['2026-03-02T17:04:30Z', 'Starts in 0 min'],
    ['2026-03-02T17:05:00Z', 'In progress, ends in 55 min'],
    ['2026-03-02T17:59:59Z', 'In progress, ends in 0 min'],
  ])('at %s says "%s"', (now, said) => {
    expect(prepWhen(start, end, Date.parse(now))).toBe(said)
  })
})
