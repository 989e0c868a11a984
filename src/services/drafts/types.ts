// The shapes the draft service, its hand-offs and sending share; kept apart so that none of
// those modules has to import another that imports it back.
import type { Clock } from '../../clock.js'
import type { Db } from '../../db/connection.js'
import type { DraftPlansRepository, NotePlan } from '../../db/draftPlans.js'
import type { Draft, RenderedText } from '../../db/draftRows.js'
import type { DraftsRepository } from '../../db/drafts.js'
import type { FollowUpRepository } from '../../db/followUp.js'
import type {
  FollowUpData,
  FollowUpDataRepository,
  FollowUpInterview,
  FollowUpInterviewer,
} from '../../db/followUpData.js'
import type { OutgoingDraft, OutgoingDraftsRepository } from '../../db/outgoingDrafts.js'
import type { UsersRepository } from '../../db/users.js'
import type { DraftCheck, Mailto } from '../../domain/draftChecks.js'
import type { DraftKind, RenderFn, Tone } from '../../domain/drafts.js'
import type { InterviewerQuestions, SentChange } from '../../domain/followUp.js'
import type { InterviewStatus } from '../../domain/interview.js'
import type { Mailer } from '../../mail/index.js'
import { notFound, type ServiceFailure } from '../result.js'
import type { Person } from './message.js'
import type { EarlierNote } from './plan.js'

/** A note as shown: stored once the user acted on it, otherwise computed from the interview (id null). */
export type NoteDraft = Omit<Draft, 'id'> & { id: number | null }

export interface DraftView extends NoteDraft {
  label: string
  checks: DraftCheck[]
  mailto: Mailto
  /** Edited, and the interview data has changed since: regenerating would say something new. */
  stale: boolean
  /** The send waiting out its undo window, or going out right now. */
  queued: Pick<OutgoingDraft, 'state' | 'dueAt'> | null
  /** A note that went out already settles what this one is for: it is shown collapsed. */
  covered: EarlierNote | null
  canSend: boolean
  canMark: boolean
}

export interface InterviewerDrafts {
  interviewer: FollowUpInterviewer
  answersDue: boolean
  questions: { id: number; text: string }[]
  unresearched: { id: number; text: string }[]
  plan: NotePlan | null
  /** Always false: with no plan chosen the thanks and the answers go in one e-mail (kept for API clients). */
  needsPlan: boolean
  /** Nothing more is owed to this interviewer. */
  finished: boolean
  drafts: DraftView[]
}

export interface InterviewDrafts {
  interview: FollowUpInterview & { status: InterviewStatus; deadline: number }
  interviewers: InterviewerDrafts[]
  sendingEnabled: boolean
  /** Who a note sent from Debrief comes from and where replies go, as the send shows it; null without SMTP. */
  sender: { from: string; replyTo: string } | null
  undoSeconds: number
}

/** A typed failure, with what the page needs to ask the user again. */
export type Failure = ServiceFailure & {
  /** Set when the draft has edits and the caller must confirm replacing them. */
  needsConfirmation?: boolean
  /** Set when the note would repeat one already recorded; the message is the question to ask. */
  needsRepeatConfirmation?: boolean
  draft?: NoteDraft
}

/** notice: something the user should know although the action succeeded. */
export type Result<T> = { ok: true; value: T; notice?: string } | Failure

/** A stored draft by id, or the note of one kind for one interviewer (stored or not). */
export type NoteRef = { id: number } | { interviewId: number; interviewerId: number; kind: DraftKind }

export interface DraftServiceOptions {
  db: Db
  users: Pick<UsersRepository, 'findById'>
  drafts: DraftsRepository
  followUpData: FollowUpDataRepository
  /** The interviewer's sent times, and the interview timeline's rule that records a note as sent. */
  followUp: Pick<FollowUpRepository, 'questions' | 'sentTimes'> & {
    recordSent(userId: number, interviewerId: number, change: SentChange, now: number): boolean
  }
  plans: DraftPlansRepository
  outgoing: OutgoingDraftsRepository
  clock: Clock
  /** For Message-IDs: BASE_URL's host names this installation. */
  baseUrl: string
  /** MAIL_FROM: its address is the sender of notes sent from Debrief. */
  mailFrom: string
  /** null when no SMTP server is configured: the in-app mailbox cannot reach an interviewer. */
  mailer: Pick<Mailer, 'send'> | null
  /** How long a send waits, undoable, before it goes out. */
  sendUndoMs: number
  /** Runs the queue at once; used when there is no undo window. */
  sendNow?: () => Promise<unknown>
  render?: RenderFn
}

export const NO_DRAFT = 'There is no such draft. It may belong to an interview that was deleted.'
export const NO_INTERVIEW = 'There is no such interview. It may have been deleted; see your interviews list.'
export const NO_INTERVIEWER = 'There is no such interviewer in this interview.'

export const noDraft = (): Failure => notFound(NO_DRAFT)

/** Everything about one interview's notes, read without writing anything. */
export interface Loaded {
  data: FollowUpData
  assignment: Map<number, InterviewerQuestions>
  rerender: (interviewerId: number, kind: DraftKind, tone: Tone) => RenderedText
  stored: Draft[]
  plans: Map<number, NotePlan>
  queued: OutgoingDraft[]
  now: number
}

export type DraftCore = {
  options: DraftServiceOptions
  load: (userId: number, user: Person, interviewId: number) => Loaded | undefined
  find: (
    userId: number,
    user: Person,
    ref: NoteRef,
  ) => { loaded: Loaded; interviewer: FollowUpInterviewer; note: DraftView } | undefined
  ensure: (userId: number, user: Person, ref: NoteRef) => number | undefined
  forInterview: (userId: number, user: Person, interviewId: number) => InterviewDrafts | undefined
}

/** The user with the zone their times are shown in. */
export type Sender = Person & { timeZone?: string }

export interface HandOffOptions {
  /** The editor's text, saved before the action so what was shown is what goes out. */
  text?: RenderedText | undefined
  /** The user confirmed repeating a note already recorded for this interviewer. */
  confirmRepeat?: boolean | undefined
}
