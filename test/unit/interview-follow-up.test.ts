import { describe, expect, it } from 'vitest'
import {
  changeSentNotes,
  type FollowUpQuestion,
  type FollowUpSnapshot,
  type InterviewerFollowUp,
} from '../../src/domain/followUp.js'

const question = (
  id: number,
  interviewerId: number | null,
  researchedAnswer: string,
  more: Partial<FollowUpQuestion> = {},
): FollowUpQuestion => ({
  id,
  interviewerId,
  text: `q${id}`,
  confidence: 'missed',
  researchedAnswer,
  sources: [],
  includeInFollowUp: true,
  ...more,
})

const person = (id: number, thankYouSentAt: number | null, answersSentAt: number | null = null) =>
  ({ id, thankYouSentAt, answersSentAt }) satisfies InterviewerFollowUp

const snapshot = (
  state: FollowUpSnapshot['state'],
  interviewers: InterviewerFollowUp[],
  questions: FollowUpQuestion[] = [],
): FollowUpSnapshot => ({ state, interviewers, questions })

describe('changeSentNotes', () => {
  it('completes an open follow-up with the last note owed', () => {
    const before = snapshot('open', [person(1, 5), person(2, null)])
    expect(changeSentNotes(before, 2, { thankYouSentAt: 9 })).toEqual({
      interviewer: person(2, 9),
      state: 'done',
    })
  })

  it('owes an answer note only for researched questions, unattributed ones to the first interviewer', () => {
    const questions = [question(1, 2, ''), question(2, null, 'researched')]
    const everyoneThanked = snapshot('open', [person(1, 5), person(2, null)], questions)
    // Interviewer 2's question has no researched answer: nothing owed to them but thanks.
    // The unattributed researched one makes interviewer 1 owe an answer note.
    expect(changeSentNotes(everyoneThanked, 2, { thankYouSentAt: 9 })!.state).toBe('open')
    const answersLeft = snapshot('open', [person(1, 5), person(2, 9)], questions)
    expect(changeSentNotes(answersLeft, 1, { answersSentAt: 10 })!.state).toBe('done')
  })

  it('ignores questions left out of the follow-up and nailed ones without research', () => {
    const questions = [
      question(1, 1, 'answer', { includeInFollowUp: false }),
      question(2, 1, '', { confidence: 'nailed' }),
    ]
    expect(
      changeSentNotes(snapshot('open', [person(1, null)], questions), 1, { thankYouSentAt: 1 })!.state,
    ).toBe('done')
  })

  it('reopens a done follow-up when a note is withdrawn, and keeps the other note as it was', () => {
    const done = snapshot('done', [person(1, 5, 6)], [question(1, 1, 'answer')])
    expect(changeSentNotes(done, 1, { answersSentAt: null })).toEqual({
      interviewer: person(1, 5, null),
      state: 'open',
    })
  })

  it('keeps a done follow-up done when the withdrawn note was not owed', () => {
    const done = snapshot('done', [person(1, 5, 6)])
    expect(changeSentNotes(done, 1, { answersSentAt: null })!.state).toBe('done')
  })

  it('never completes by withdrawing, nor reopens by recording', () => {
    // Open although complete: the user reopened it by hand.
    const reopened = snapshot('open', [person(1, 5, 6)])
    expect(changeSentNotes(reopened, 1, { answersSentAt: null })!.state).toBe('open')
    // Done by hand although a thank-you is still owed.
    const closed = snapshot('done', [person(1, null), person(2, null)])
    expect(changeSentNotes(closed, 1, { thankYouSentAt: 3 })!.state).toBe('done')
  })

  it('leaves "not needed" alone either way', () => {
    const notNeeded = snapshot('not_needed', [person(1, null)])
    expect(changeSentNotes(notNeeded, 1, { thankYouSentAt: 3 })!.state).toBe('not_needed')
    expect(changeSentNotes(snapshot('not_needed', [person(1, 3)]), 1, { thankYouSentAt: null })!.state).toBe(
      'not_needed',
    )
  })

  it('does not move the state when a recorded time only changes', () => {
    const reopened = snapshot('open', [person(1, 5)])
    expect(changeSentNotes(reopened, 1, { thankYouSentAt: 7 })).toEqual({
      interviewer: person(1, 7),
      state: 'open',
    })
  })

  it('knows only the interviewers of the interview', () => {
    expect(changeSentNotes(snapshot('open', [person(1, null)]), 2, { thankYouSentAt: 1 })).toBeUndefined()
  })
})
