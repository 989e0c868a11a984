import type { NotePlan } from '../../db/draftPlans.js'
import type { RenderedText } from '../../db/draftRows.js'
import type { Tone } from '../../domain/drafts.js'
import { type AccessContext, READ_ONLY_MESSAGE } from '../access.js'
import type { ServiceDeps } from '../deps.js'
import { forbidden, notFound, okOr, type ServiceResult } from '../result.js'
import { draftCore } from './core.js'
import type { SendPreview } from './sending.js'
import { sentNotes } from './settle.js'
import {
  type DraftServiceOptions,
  type DraftView,
  type Failure,
  type HandOffOptions,
  type InterviewDrafts,
  NO_INTERVIEW,
  NO_INTERVIEWER,
  type NoteRef,
  noDraft,
  type Result,
  type Sender,
} from './types.js'

export type { SendPreview } from './sending.js'
export type {
  DraftServiceOptions,
  DraftView,
  Failure,
  InterviewDrafts,
  InterviewerDrafts,
  NoteDraft,
  NoteRef,
  Result,
} from './types.js'

import { interviewTimeline } from '../interviews/timeline.js'

/**
 * Follow-up drafts for whoever acts: everyone with access reads the owner's notes (computed,
 * nothing stored by a read); only the owner edits, stores and hands them over. The notes speak
 * as their owner, whoever is looking at them.
 */
export function draftsService(options: DraftServiceOptions) {
  const core = draftCore(options)
  // A note the mail server accepted is settled with its interviewer in the queue's transaction.
  options.outgoing.onDelivered(sentNotes(options).settleDelivered)

  const owner = (access: AccessContext): Sender | undefined => {
    const user = options.users.findById(access.ownerId)
    return user ? { name: user.name, email: user.email, timeZone: user.timeZone } : undefined
  }
  const readOnly: Failure = forbidden(READ_ONLY_MESSAGE)

  /** A read: the owner's notes, for any access. */
  function reading<A extends unknown[], T>(
    missing: () => ServiceResult<never>,
    run: (userId: number, person: Sender, ...args: A) => ServiceResult<T>,
  ) {
    return (access: AccessContext, ...args: A): ServiceResult<T> => {
      const person = owner(access)
      return person ? run(access.ownerId, person, ...args) : missing()
    }
  }
  /** A change: refused to an actor who may not write, before anything is read or stored. */
  function writing<A extends unknown[], T>(
    missing: () => Failure,
    run: (userId: number, person: Sender, ...args: A) => T,
  ) {
    return (access: AccessContext, ...args: A): T | Failure => {
      if (!access.mayWrite) return readOnly
      const person = owner(access)
      return person ? run(access.ownerId, person, ...args) : missing()
    }
  }
  const noInterview = (): Failure => notFound(NO_INTERVIEW)
  const interviewDrafts = (view: InterviewDrafts | undefined): ServiceResult<InterviewDrafts> =>
    okOr(view, noInterview)

  return {
    /** Whether notes can be sent from Debrief at all (an SMTP server reaches the outside world). */
    sendingEnabled: core.sendingEnabled,

    /** The interview's notes per interviewer, computed; reading stores nothing. */
    forInterview: reading(noInterview, (userId, person, interviewId: number) =>
      interviewDrafts(core.forInterview(userId, person, interviewId)),
    ),

    get: reading(noDraft, (userId, person, ref: NoteRef): Result<DraftView> => core.get(userId, person, ref)),

    /** The note as an .eml file; a read, so a coach may download it too. */
    eml: (access: AccessContext, ref: NoteRef) => {
      const person = owner(access)
      return person ? core.eml(access.ownerId, person, ref) : Promise.resolve(noDraft())
    },

    /** Stores every note the page shows, so that each has an id (for API clients). */
    prepare: writing(noInterview, (userId, person, interviewId: number) =>
      interviewDrafts(core.prepare(userId, person, interviewId)),
    ),

    /** Answers "one e-mail or two?" for one interviewer; answers the interview's notes after it. */
    choosePlan: writing(
      noInterview,
      (
        userId,
        person,
        interviewId: number,
        interviewerId: number,
        plan: NotePlan,
      ): ServiceResult<InterviewDrafts> => {
        if (!core.choosePlan(userId, person, interviewId, interviewerId, plan))
          return notFound(NO_INTERVIEWER)
        return interviewDrafts(core.forInterview(userId, person, interviewId))
      },
    ),

    edit: writing(noDraft, (userId, person, ref: NoteRef, text: RenderedText) =>
      core.edit(userId, person, ref, text),
    ),

    regenerate: writing(noDraft, (userId, person, ref: NoteRef, tone: Tone, confirmed: boolean) =>
      core.regenerate(userId, person, ref, tone, confirmed),
    ),

    markSent: writing(noDraft, (userId, person, ref: NoteRef, handOff: HandOffOptions = {}) =>
      core.markSent(userId, person, ref, handOff),
    ),

    unmarkSent: writing(noDraft, (userId, person, id: number) => core.unmarkSent(userId, person, id)),

    /** Without `commit` only the confirmation step (it still saves the editor's text); with it, queued. */
    send: (
      access: AccessContext,
      ref: NoteRef,
      handOff: HandOffOptions & { commit: boolean },
    ): Promise<Result<SendPreview>> => {
      if (!access.mayWrite) return Promise.resolve(readOnly)
      const person = owner(access)
      return person ? core.send(access.ownerId, person, ref, handOff) : Promise.resolve(noDraft())
    },

    undo: writing(noDraft, (userId, person, id: number) => core.undo(userId, person, id)),
  }
}

export type DraftsService = ReturnType<typeof draftsService>

/** The drafts service from the app's parts: sending needs a mailer that reaches the outside world. */
export const draftsFrom = (deps: ServiceDeps) =>
  draftsService({
    db: deps.db,
    users: deps.repos.users,
    drafts: deps.repos.drafts,
    followUpData: deps.repos.followUpData,
    followUp: { ...deps.repos.followUp, recordSent: interviewTimeline(deps.db, deps.repos).recordSent },
    plans: deps.repos.draftPlans,
    outgoing: deps.repos.outgoingDrafts,
    clock: deps.clock,
    baseUrl: deps.config.baseUrl,
    mailFrom: deps.config.mailFrom,
    mailer: deps.mailer.kind === 'local' ? null : deps.mailer,
    sendUndoMs: deps.config.sendUndoMs,
    sendNow: deps.sendNow,
  })
