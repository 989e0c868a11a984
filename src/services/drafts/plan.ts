import type { NotePlan } from '../../db/draftPlans.js'
import type { Draft } from '../../db/draftRows.js'
import type { FollowUpInterviewer } from '../../db/followUpData.js'
import type { DraftKind } from '../../domain/drafts.js'

/** What one note settles: a thank-you, the answers, or both. */
export type Purpose = 'thanks' | 'answers'

export const PURPOSES: Record<DraftKind, readonly Purpose[]> = {
  thank_you: ['thanks'],
  answers: ['answers'],
  combined: ['thanks', 'answers'],
}

const sentAt = (interviewer: FollowUpInterviewer, purpose: Purpose) =>
  purpose === 'thanks' ? interviewer.thankYouSentAt : interviewer.answersSentAt

/**
 * The notes still to write for an interviewer. Only what is still owed, so a note can never
 * repeat what went out already; the plan matters only while both the thanks and the answers
 * are owed, and until one is chosen they go together in one e-mail (nothing waits on the choice).
 */
export function openKinds(
  interviewer: FollowUpInterviewer,
  answersDue: boolean,
  plan: NotePlan | undefined,
): { kinds: DraftKind[]; needsPlan: boolean } {
  const thanksOwed = interviewer.thankYouSentAt === null
  const answersOwed = answersDue && interviewer.answersSentAt === null
  if (thanksOwed && answersOwed) {
    if (plan === 'two') return { kinds: ['thank_you', 'answers'], needsPlan: false }
    return { kinds: ['combined'], needsPlan: false }
  }
  if (thanksOwed) return { kinds: ['thank_you'], needsPlan: false }
  if (answersOwed) return { kinds: ['answers'], needsPlan: false }
  return { kinds: [], needsPlan: false }
}

/** The kinds the chosen plan would have written: those that are no longer open are covered. */
export function plannedKinds(answersDue: boolean, plan: NotePlan | undefined): DraftKind[] {
  if (!answersDue) return ['thank_you']
  if (plan === 'one') return ['combined']
  if (plan === 'two') return ['thank_you', 'answers']
  return []
}

/** An earlier note that already settled a purpose of this one. */
export interface EarlierNote {
  purpose: Purpose
  at: number
  /** The note that did it, when it was one of the drafts; null when recorded on the interview page. */
  draft: Pick<Draft, 'id' | 'kind' | 'sentVia'> | null
  /** Still waiting in its undo window or going out right now. */
  queued: boolean
}

/**
 * What a new send or mark of a note of `kind` would repeat: the purposes the interviewer's
 * record already has a time for, and those another queued note is about to settle.
 */
export function repeatedBy(
  kind: DraftKind,
  interviewer: FollowUpInterviewer,
  drafts: readonly Draft[],
  queued: readonly { draftId: number; createdAt: number }[],
  selfId: number | null,
): EarlierNote | undefined {
  const mine = drafts.filter((d) => d.interviewerId === interviewer.id && d.id !== selfId)
  for (const purpose of PURPOSES[kind]) {
    const at = sentAt(interviewer, purpose)
    if (at !== null) {
      const by = mine.find((d) => d.state === 'sent' && PURPOSES[d.kind].includes(purpose)) ?? null
      return { purpose, at: by?.sentAt ?? at, draft: by, queued: false }
    }
    for (const q of queued) {
      const by = mine.find((d) => d.id === q.draftId && PURPOSES[d.kind].includes(purpose))
      if (by) return { purpose, at: q.createdAt, draft: by, queued: true }
    }
  }
  return undefined
}

/** "Tue 14:05" in the user's zone: short enough for a question, exact enough to recognise the note. */
export function shortWhen(ms: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  )
  return `${parts.weekday} ${parts.hour}:${parts.minute}`
}

/** "You already thanked Kai on Tue 14:05 — send another?" */
export function repeatQuestion(
  earlier: EarlierNote,
  name: string,
  zone: string,
  action: 'send' | 'mark',
): string {
  const when = shortWhen(earlier.at, zone)
  const what =
    earlier.purpose === 'thanks'
      ? earlier.queued
        ? `A thank-you to ${name} is already going out (queued ${when})`
        : `You already thanked ${name} on ${when}`
      : earlier.queued
        ? `Your answers to ${name} are already going out (queued ${when})`
        : `You already sent ${name} your answers on ${when}`
  const how =
    earlier.draft === null
      ? ' (recorded on the interview page)'
      : earlier.draft.sentVia === 'manual'
        ? ' (marked as sent)'
        : ''
  return `${what}${how} — ${action === 'send' ? 'send another' : 'record another'}?`
}
