import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkQuestion } from '../../src/domain/interviewInput.js'
import { researchStep } from '../../src/domain/progress.js'

const CONFIDENCES = ['missed', 'shaky', 'nailed'] as const

describe('researched is derived from the answer', () => {
  it('is true exactly when the researched answer is not blank, and a blank answer is stored empty', () => {
    const base = { text: 'Q', confidence: 'missed' }
    expect(checkQuestion({ ...base, researchedAnswer: 'A' })).toMatchObject({ value: { researched: true } })
    expect(checkQuestion({ ...base, researchedAnswer: ' \n ' })).toMatchObject({
      value: { researched: false, researchedAnswer: '' },
    })
    expect(checkQuestion({ ...base, sources: 'https://example.com/a' })).toMatchObject({
      value: { researched: false },
    })
    // Whatever else a caller hands over, only the answer decides.
    const claimed = { ...base, researched: true } as Parameters<typeof checkQuestion>[0]
    expect(checkQuestion(claimed)).toMatchObject({ value: { researched: false } })
  })
})

describe('researchStep', () => {
  const q = (id: number, confidence: (typeof CONFIDENCES)[number], researched: boolean) => ({
    id,
    confidence,
    researched,
  })

  it('goes to the next question still to research after the saved one, wrapping round', () => {
    const list = [q(1, 'missed', false), q(2, 'nailed', false), q(3, 'shaky', true), q(4, 'missed', false)]
    expect(researchStep(list, 1)).toEqual({ nextId: 4, left: 2, total: 3 })
    expect(researchStep(list, 4)).toEqual({ nextId: 1, left: 2, total: 3 })
    expect(researchStep([q(1, 'missed', true), q(2, 'nailed', false)], 1)).toEqual({
      nextId: null,
      left: 0,
      total: 1,
    })
    expect(researchStep([q(1, 'missed', false)], 1)).toEqual({ nextId: null, left: 1, total: 1 })
  })

  it('never names the saved question or one without research due, and counts what is left', () => {
    const list = fc
      .array(fc.record({ confidence: fc.constantFrom(...CONFIDENCES), researched: fc.boolean() }), {
        maxLength: 12,
      })
      .map((items) => items.map((item, i) => ({ id: i + 1, ...item })))
    fc.assert(
      fc.property(list, fc.nat(13), (questions, saved) => {
        const step = researchStep(questions, saved)
        const open = questions.filter((x) => x.confidence !== 'nailed' && !x.researched)
        expect(step.left).toBe(open.length)
        expect(step.total).toBe(questions.filter((x) => x.confidence !== 'nailed').length)
        const others = open.filter((x) => x.id !== saved)
        if (others.length === 0) expect(step.nextId).toBeNull()
        else {
          expect(others.map((x) => x.id)).toContain(step.nextId)
          // The first one after the saved question in order, else the first one before it.
          const after = others.find((x) => x.id > saved)
          expect(step.nextId).toBe((after ?? others[0]!).id)
        }
      }),
    )
  })
})
