import type { Draft } from '../../db/draftRows.js'
import type { DraftKind } from '../../domain/drafts.js'
import type { SentChange, SentTimes } from '../../domain/followUp.js'
import type { DraftServiceOptions } from './types.js'

/** Which of the interviewer's sent times a kind of note settles. */
export const COVERS: Record<DraftKind, readonly (keyof SentTimes)[]> = {
  thank_you: ['thankYouSentAt'],
  answers: ['answersSentAt'],
  combined: ['thankYouSentAt', 'answersSentAt'],
}

/** The kind that settles only that time; a combined note settles both. */
const SINGLE_KIND: Record<keyof SentTimes, DraftKind> = {
  thankYouSentAt: 'thank_you',
  answersSentAt: 'answers',
}

/**
 * A note recorded as sent (or no longer) moves its interviewer's sent times, and through the
 * follow-up repository the interview's follow-up: each in one transaction with the note's row.
 */
export function sentNotes(options: Pick<DraftServiceOptions, 'db' | 'drafts' | 'followUp'>) {
  const { db, drafts, followUp } = options

  /** A note going out records its interviewer's sent times; an earlier record of the same note keeps its time. */
  function recordSent(userId: number, draft: Draft, now: number) {
    const current = followUp.sentTimes(userId, draft.interviewerId)
    if (!current) return
    const change: SentChange = {}
    for (const note of COVERS[draft.kind]) change[note] = current[note] ?? draft.sentAt
    followUp.recordSent(userId, draft.interviewerId, change, now)
  }

  /**
   * Un-marking withdraws only a time this draft provided, falling back to another sent note
   * covering the same thing; a time recorded some other way (earlier, by hand) stays.
   */
  function withdrawSent(userId: number, draft: Draft, now: number) {
    const current = followUp.sentTimes(userId, draft.interviewerId)
    if (!current) return
    const change: SentChange = {}
    for (const note of COVERS[draft.kind]) {
      if (current[note] !== draft.sentAt) continue
      change[note] = drafts.otherSentAt(userId, draft.interviewerId, SINGLE_KIND[note])
    }
    followUp.recordSent(userId, draft.interviewerId, change, now)
  }

  return {
    /** For a note sent from the user's own mail client; undefined when it is sent or queued already. */
    markSent: db.transaction((userId: number, id: number, now: number): Draft | undefined => {
      const draft = drafts.markSent(userId, id, now)
      if (draft) recordSent(userId, draft, now)
      return draft
    }),

    /** Only notes marked by hand can be un-marked: a message Debrief delivered stays delivered. */
    unmarkSent: db.transaction((userId: number, id: number, now: number): Draft | undefined => {
      const before = drafts.get(userId, id)
      const after = drafts.unmarkSent(userId, id, now)
      if (!before || !after) return undefined
      withdrawSent(userId, before, now)
      return after
    }),

    /** A queued send the mail server accepted; runs inside the queue's own transaction. */
    settleDelivered(userId: number, id: number, messageId: string, now: number): void {
      const draft = drafts.settleDelivered(userId, id, messageId, now)
      if (draft) recordSent(userId, draft, now)
    },
  }
}

export type SentNotes = ReturnType<typeof sentNotes>
