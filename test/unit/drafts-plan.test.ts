import { describe, expect, it } from 'vitest'
import type { Draft } from '../../src/db/draftRows.js'
import type { FollowUpInterviewer } from '../../src/db/followUpData.js'
import {
  openKinds,
  plannedKinds,
  repeatedBy,
  repeatQuestion,
  shortWhen,
} from '../../src/services/drafts/plan.js'

const TUE_1405_UTC = Date.parse('2026-03-03T14:05:00Z')

const kai = (
  sent: Partial<Pick<FollowUpInterviewer, 'thankYouSentAt' | 'answersSentAt'>> = {},
): FollowUpInterviewer => ({
  id: 7,
  name: 'Kai',
  title: '',
  email: 'kai@example.com',
  topics: [],
  thankYouSentAt: null,
  answersSentAt: null,
  ...sent,
})

const sentDraft = (id: number, kind: Draft['kind'], sentAt: number): Draft =>
  ({ id, interviewerId: 7, kind, state: 'sent', sentAt, sentVia: 'debrief' }) as Draft

describe('which notes an interviewer is still owed', () => {
  it('offers one combined e-mail by default while both the thanks and the answers are owed', () => {
    expect(openKinds(kai(), true, undefined)).toEqual({ kinds: ['combined'], needsPlan: false })
    expect(openKinds(kai(), true, 'one')).toEqual({ kinds: ['combined'], needsPlan: false })
    expect(openKinds(kai(), true, 'two')).toEqual({ kinds: ['thank_you', 'answers'], needsPlan: false })
    expect(openKinds(kai(), false, undefined)).toEqual({ kinds: ['thank_you'], needsPlan: false })
  })

  it('never offers a note for a purpose already settled, whatever the plan', () => {
    for (const plan of [undefined, 'one', 'two'] as const) {
      expect(openKinds(kai({ thankYouSentAt: 1 }), true, plan).kinds).toEqual(['answers'])
      expect(openKinds(kai({ answersSentAt: 1 }), true, plan).kinds).toEqual(['thank_you'])
      expect(openKinds(kai({ thankYouSentAt: 1, answersSentAt: 1 }), true, plan).kinds).toEqual([])
    }
    expect(plannedKinds(true, 'one')).toEqual(['combined'])
  })
})

describe('repeats', () => {
  it('names the earlier note and its time in the user’s zone', () => {
    const earlier = repeatedBy(
      'combined',
      kai({ thankYouSentAt: TUE_1405_UTC }),
      [sentDraft(3, 'thank_you', TUE_1405_UTC)],
      [],
      null,
    )
    expect(earlier).toMatchObject({ purpose: 'thanks', at: TUE_1405_UTC, queued: false, draft: { id: 3 } })
    expect(repeatQuestion(earlier!, 'Kai', 'UTC', 'send')).toBe(
      'You already thanked Kai on Tue 14:05 — send another?',
    )
    expect(shortWhen(TUE_1405_UTC, 'America/New_York')).toBe('Tue 09:05')
  })

  it('counts a note waiting in its undo window, and nothing for a first note', () => {
    const queuedThanks = { ...sentDraft(4, 'thank_you', 0), state: 'draft' as const, sentAt: null }
    const earlier = repeatedBy(
      'combined',
      kai(),
      [queuedThanks],
      [{ draftId: 4, createdAt: TUE_1405_UTC }],
      null,
    )
    expect(earlier).toMatchObject({ purpose: 'thanks', queued: true })
    expect(repeatQuestion(earlier!, 'Kai', 'UTC', 'send')).toBe(
      'A thank-you to Kai is already going out (queued Tue 14:05) — send another?',
    )
    expect(repeatedBy('answers', kai({ thankYouSentAt: 1 }), [], [], null)).toBeUndefined()
    // A draft's own queued send is not a repeat of itself.
    expect(repeatedBy('thank_you', kai(), [queuedThanks], [{ draftId: 4, createdAt: 1 }], 4)).toBeUndefined()
  })
})
