import type { DraftKind } from '../../domain/drafts.js'
import type { DraftView, InterviewDrafts } from '../../services/drafts/index.js'

// Where the drafts page stands: how many notes are done, and which one to send next.

/** The key of a note on the page: its id once stored, otherwise interviewer and kind. */
export const keyOf = (d: { id: number | null; interviewerId: number; kind: string }) =>
  d.id === null ? `${d.interviewerId}-${d.kind}` : String(d.id)

/** The id of the first owed note's primary button, and of the line that says nothing is owed. */
export const NEXT_NOTE = 'next-note'
export const ALL_SENT = 'all-sent'

/** Still to hand over: not sent, not waiting out its undo window, not settled by another note. */
export const isOwed = (d: DraftView) => d.state !== 'sent' && !d.queued && !d.covered

export interface DraftsProgress {
  /** Notes sent or on their way. */
  done: number
  total: number
  /** Some of the done notes are still in their undo window. */
  queued: number
  /** The key of the first owed note on the page, if any. */
  nextKey: string | null
  /** "1/2 notes sent", for the deadline bar; null while there is nothing to send. */
  label: string | null
}

export function progressOf(view: InterviewDrafts): DraftsProgress {
  let done = 0
  let queued = 0
  let owed = 0
  let nextKey: string | null = null
  for (const group of view.interviewers) {
    for (const d of group.drafts) {
      if (d.covered) continue
      if (isOwed(d)) {
        owed++
        nextKey ??= keyOf(d)
      } else {
        done++
        if (d.queued) queued++
      }
    }
  }
  const total = done + owed
  return { done, total, queued, nextKey, label: total === 0 ? null : `${done}/${total} notes sent` }
}

/** The id of a note's primary button: the first owed note's is the one focus goes to after an action. */
export const primaryIdOf = (progress: DraftsProgress) => (key: string) =>
  key === progress.nextKey ? NEXT_NOTE : `primary-${key}`

/** Where keyboard focus goes once a note is handed over: the next note to send, or the all-sent line. */
export const focusAfter = (progress: DraftsProgress) => (progress.nextKey ? NEXT_NOTE : ALL_SENT)

const SHORT: Record<DraftKind, string> = {
  thank_you: 'thank-you',
  answers: 'answer note',
  combined: 'thank-you and answers',
}

/** "Grace Hopper's thank-you", for the messages after an action. */
export function noteName(view: InterviewDrafts, d: { interviewerId: number; kind: DraftKind }) {
  const person = view.interviewers.find((g) => g.interviewer.id === d.interviewerId)?.interviewer
  return `${person ? `${person.name}'s` : 'the'} ${SHORT[d.kind]}`
}

/** The interviewer's name, for "Sending to Grace Hopper in 30 s". */
export const interviewerName = (view: InterviewDrafts, interviewerId: number) =>
  view.interviewers.find((g) => g.interviewer.id === interviewerId)?.interviewer.name ?? 'the interviewer'
