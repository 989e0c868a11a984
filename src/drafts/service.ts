import type { Clock } from '../clock.js'
import type {
  Draft,
  DraftsRepository,
  FollowUpData,
  FollowUpInterview,
  FollowUpInterviewer,
  RenderedText,
} from '../db/drafts.js'
import { renderedHash } from '../db/drafts.js'
import {
  DRAFT_KIND_LABELS,
  type DraftCheck,
  type DraftContext,
  type DraftKind,
  emlFilename,
  type Mailto,
  mailtoLink,
  preSendChecks,
  type RenderFn,
  renderDraft,
  renderText,
  type Tone,
} from '../domain/drafts.js'
import { assignQuestions, type InterviewerQuestions } from '../domain/followUp.js'
import { followUpDeadline, type InterviewStatus, interviewStatus } from '../domain/interview.js'
import { classifyMailError, type Mailer, stableMessageId } from '../mail/index.js'
import {
  copyMail,
  type DraftMessageInput,
  draftEml,
  draftMail,
  type Person,
  RecipientError,
} from './message.js'

export interface DraftView extends Draft {
  label: string
  checks: DraftCheck[]
  mailto: Mailto
  /** Edited, and the interview data has changed since: regenerating would say something new. */
  stale: boolean
  /** Whether "send from Debrief" is possible right now. */
  canSend: boolean
  /** Still claimed by an attempt whose lease has not run out. */
  inFlight: boolean
}

export interface InterviewerDrafts {
  interviewer: FollowUpInterviewer
  answersDue: boolean
  /** Researched questions in this interviewer's answer note. */
  questions: { id: number; text: string }[]
  unresearched: { id: number; text: string }[]
  drafts: DraftView[]
}

export interface InterviewDrafts {
  interview: FollowUpInterview & { status: InterviewStatus; deadline: number }
  interviewers: InterviewerDrafts[]
  sendingEnabled: boolean
}

export type Failure = {
  ok: false
  status: 400 | 404 | 409 | 502 | 503
  message: string
  fields?: Record<string, string>
  /** Set when the draft has edits and the caller must confirm replacing them. */
  needsConfirmation?: boolean
  draft?: Draft
}
/** notice: something the user should know although the action succeeded. */
export type Result<T> = { ok: true; value: T; notice?: string } | Failure

const KIND_ORDER: Record<DraftKind, number> = { thank_you: 0, answers: 1, combined: 2 }

export interface DraftServiceOptions {
  drafts: DraftsRepository
  clock: Clock
  /** For Message-IDs: BASE_URL's host names this installation. */
  baseUrl: string
  /**
   * null when no SMTP server is configured: the in-app mailbox cannot reach an interviewer, so
   * notes are then copied, opened or downloaded instead.
   */
  mailer: Pick<Mailer, 'send'> | null
  /** How long one send attempt holds a draft; longer than the mailer's own send timeout. */
  sendLeaseMs: number
  render?: RenderFn
  log?: { warn(details: object, message: string): void }
}

const notFound = (): Failure => ({
  ok: false,
  status: 404,
  message: 'There is no such draft. It may belong to an interview that was deleted.',
})

function notEditable(draft: Draft): Failure {
  return {
    ok: false,
    status: 409,
    draft,
    message:
      draft.state === 'sent'
        ? 'This note is recorded as sent, so it can no longer be changed. Un-mark it first if it did not go out.'
        : 'This note is being sent right now; wait a moment and reload.',
  }
}

/**
 * Follow-up drafts as the pages and the API see them: generated from the interview,
 * edited by the user, checked, and handed over (copied, opened, downloaded or sent).
 */
export function draftService(options: DraftServiceOptions) {
  const { drafts: repo, clock, mailer } = options
  const render = options.render ?? renderText

  /** Answers a change that found nothing to change: the draft is gone, or its state refuses the change. */
  function refused(userId: number, id: number, message: (draft: Draft) => string): Failure {
    const draft = repo.get(userId, id)
    if (!draft) return notFound()
    return { ok: false, status: 409, draft, message: message(draft) }
  }

  function contextFor(user: Person, data: FollowUpData, interviewer: FollowUpInterviewer): DraftContext {
    const index = data.interviewers.findIndex((p) => p.id === interviewer.id)
    // Each interviewer gets a different remembered answer where there are several, and the
    // wording never claims which person gave it.
    const heard = data.asked.length > 0 ? data.asked[Math.max(index, 0) % data.asked.length]! : null
    return {
      sender: { name: user.name },
      interview: data.interview,
      interviewer: { name: interviewer.name, title: interviewer.title, topics: interviewer.topics },
      answerHeard: heard,
    }
  }

  function renderFor(user: Person, data: FollowUpData, assignment: Map<number, InterviewerQuestions>) {
    return (interviewerId: number, kind: DraftKind, tone: Tone): RenderedText => {
      const interviewer = data.interviewers.find((p) => p.id === interviewerId)!
      const ready = assignment.get(interviewerId)?.ready ?? []
      const questions = ready.map((q) => ({ text: q.text, answer: q.researchedAnswer, sources: q.sources }))
      const { subject, text } = renderDraft(
        kind,
        contextFor(user, data, interviewer),
        questions,
        tone,
        render,
      )
      return { subject, body: text }
    }
  }

  function view(
    draft: Draft,
    data: FollowUpData,
    assignment: Map<number, InterviewerQuestions>,
    rerender: ReturnType<typeof renderFor>,
    now: number,
  ): DraftView {
    const interviewer = data.interviewers.find((p) => p.id === draft.interviewerId)!
    const mine = assignment.get(draft.interviewerId) ?? { ready: [], unresearched: [] }
    const inFlight = draft.state === 'sending' && (draft.leaseUntil ?? 0) >= now
    const open = draft.state === 'draft' || (draft.state === 'sending' && !inFlight)
    const checks = open
      ? preSendChecks({
          kind: draft.kind,
          subject: draft.subject,
          body: draft.body,
          interviewerEmail: interviewer.email,
          unresearched: mine.unresearched.map((q) => q.text),
          readyCount: mine.ready.length,
          endsAt: data.interview.endsAt,
          now,
        })
      : []
    const stale =
      open &&
      draft.edited &&
      renderedHash(rerender(draft.interviewerId, draft.kind, draft.tone)) !== draft.renderedHash
    return {
      ...draft,
      label: DRAFT_KIND_LABELS[draft.kind],
      checks,
      mailto: mailtoLink(interviewer.email, draft.subject, draft.body),
      stale,
      canSend: mailer !== null && open && !checks.some((c) => c.level === 'error'),
      inFlight,
    }
  }

  function wantedFor(data: FollowUpData, assignment: Map<number, InterviewerQuestions>) {
    return data.interviewers.flatMap((p) =>
      (assignment.get(p.id)?.ready.length ?? 0) > 0
        ? (['thank_you', 'answers', 'combined'] as const).map((kind) => ({ interviewerId: p.id, kind }))
        : [{ interviewerId: p.id, kind: 'thank_you' as const }],
    )
  }

  const assign = (data: FollowUpData) =>
    assignQuestions(
      data.interviewers.map((p) => p.id),
      data.questions,
    )

  /** One draft with everything needed to check, show or send it. */
  function one(userId: number, user: Person, id: number) {
    const draft = repo.get(userId, id)
    if (!draft) return undefined
    const data = repo.followUpData(userId, draft.interviewId)
    if (!data) return undefined
    const assignment = assign(data)
    const rerender = renderFor(user, data, assignment)
    return {
      draft: view(draft, data, assignment, rerender, clock.now()),
      data,
      assignment,
      rerender,
      interviewer: data.interviewers.find((p) => p.id === draft.interviewerId)!,
    }
  }

  // Derived from the draft's id and its random key, never from the attempt: a resend after an
  // unclear failure is recognisably the same message to the receiving side.
  const messageIdOf = (draft: Draft, prefix = 'draft') =>
    stableMessageId(prefix, `${draft.id}.${draft.messageKey}`, options.baseUrl)

  function messageInput(
    userId: number,
    user: Person,
    draft: Draft,
    interviewer: FollowUpInterviewer,
  ): DraftMessageInput {
    return {
      userId,
      subject: draft.subject,
      body: draft.body,
      messageId: messageIdOf(draft),
      interviewer: { name: interviewer.name, email: interviewer.email },
      user,
    }
  }

  function getView(userId: number, user: Person, id: number): Result<DraftView> {
    const found = one(userId, user, id)
    return found ? { ok: true, value: found.draft } : notFound()
  }

  return {
    sendingEnabled: mailer !== null,

    /** All drafts of an interview, created or refreshed as needed; undefined when the interview is not the user's. */
    forInterview(userId: number, user: Person, interviewId: number): InterviewDrafts | undefined {
      const data = repo.followUpData(userId, interviewId)
      if (!data) return undefined
      const now = clock.now()
      const assignment = assign(data)
      const rerender = renderFor(user, data, assignment)
      const stored = repo.reconcile(userId, interviewId, wantedFor(data, assignment), rerender, now)
      return {
        interview: {
          ...data.interview,
          status: interviewStatus(data.interview, now),
          deadline: followUpDeadline(data.interview.endsAt),
        },
        sendingEnabled: mailer !== null,
        interviewers: data.interviewers.map((interviewer) => {
          const mine = assignment.get(interviewer.id)!
          return {
            interviewer,
            answersDue: mine.ready.length > 0,
            questions: mine.ready.map((q) => ({ id: q.id, text: q.text })),
            unresearched: mine.unresearched.map((q) => ({ id: q.id, text: q.text })),
            drafts: stored
              .filter((d) => d.interviewerId === interviewer.id)
              .sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind])
              .map((d) => view(d, data, assignment, rerender, now)),
          }
        }),
      }
    },

    get: getView,

    edit(userId: number, user: Person, id: number, text: RenderedText): Result<DraftView> {
      if (/[\r\n]/.test(text.subject)) {
        return {
          ok: false,
          status: 400,
          message: 'The subject must be a single line.',
          fields: { subject: 'must be a single line' },
        }
      }
      const body = text.body.replace(/\r\n?/g, '\n')
      const fields: Record<string, string> = {}
      if (text.subject.trim() === '') fields.subject = 'must not be empty'
      if (body.trim() === '') fields.body = 'must not be empty'
      if (Object.keys(fields).length > 0) {
        return { ok: false, status: 400, message: 'The subject and the text must not be empty.', fields }
      }
      const saved = repo.edit(userId, id, { subject: text.subject.trim(), body }, clock.now())
      if (!saved) {
        const draft = repo.get(userId, id)
        return draft ? notEditable(draft) : notFound()
      }
      return getView(userId, user, id)
    },

    /** Re-renders from the templates; edits are replaced only when the caller confirmed it. */
    regenerate(userId: number, user: Person, id: number, tone: Tone, confirmed: boolean): Result<DraftView> {
      const found = one(userId, user, id)
      if (!found) return notFound()
      const { draft } = found
      if (draft.state === 'sent' || draft.inFlight) return notEditable(draft)
      if (draft.edited && !confirmed) {
        return {
          ok: false,
          status: 409,
          needsConfirmation: true,
          draft,
          message:
            'This note has your edits. Regenerating replaces them with a fresh draft; confirm to go ahead.',
        }
      }
      const text = found.rerender(draft.interviewerId, draft.kind, tone)
      const saved = repo.regenerate(userId, id, tone, text, clock.now())
      if (!saved) return notEditable(draft)
      return getView(userId, user, id)
    },

    markSent(userId: number, user: Person, id: number): Result<DraftView> {
      if (!repo.markSent(userId, id, clock.now())) {
        return refused(userId, id, (draft) =>
          draft.state === 'sent'
            ? 'This note is already recorded as sent.'
            : 'This note is being sent by Debrief right now; wait a moment and reload.',
        )
      }
      return getView(userId, user, id)
    },

    unmarkSent(userId: number, user: Person, id: number): Result<DraftView> {
      if (!repo.unmarkSent(userId, id, clock.now())) {
        return refused(userId, id, (draft) =>
          draft.state === 'sent'
            ? `Debrief delivered this note to the mail server (Message-ID ${draft.messageId}), so it cannot be un-marked.`
            : 'This note is not marked as sent.',
        )
      }
      return getView(userId, user, id)
    },

    /** The note as an RFC 5322 file from the user, to open and send in their own mail program. */
    async eml(
      userId: number,
      user: Person,
      id: number,
    ): Promise<Result<{ filename: string; content: Buffer }>> {
      const found = one(userId, user, id)
      if (!found) return notFound()
      try {
        const content = await draftEml(
          messageInput(userId, user, found.draft, found.interviewer),
          new Date(clock.now()),
        )
        return {
          ok: true,
          value: { filename: emlFilename(found.draft.kind, found.interviewer.name), content },
        }
      } catch (error) {
        if (error instanceof RecipientError) {
          return {
            ok: false,
            status: 409,
            message: `${error.message} Fix it on the interview page, then download again.`,
          }
        }
        throw error
      }
    },

    /**
     * Sends through SMTP. The draft is claimed first (draft → sending, one attempt number), so
     * two clicks cannot send it twice; the outcome is recorded only by the attempt that holds
     * the claim. A failure leaves it a draft with the error recorded, never silently lost.
     */
    async send(userId: number, user: Person, id: number): Promise<Result<DraftView>> {
      const found = one(userId, user, id)
      if (!found) return notFound()
      if (!mailer) {
        return {
          ok: false,
          status: 409,
          message:
            'Sending from Debrief needs an SMTP server (set SMTP_URL). Until then, copy the note, open it in your mail program or download it, and mark it as sent.',
        }
      }
      const { draft, interviewer } = found
      if (draft.state === 'sent') {
        return {
          ok: false,
          status: 409,
          draft,
          message: `This note was already sent${draft.sentVia === 'debrief' ? ` (Message-ID ${draft.messageId})` : ''}; it is not sent twice.`,
        }
      }
      if (draft.inFlight) return notEditable(draft)
      const blocking = draft.checks.filter((c) => c.level === 'error')
      if (blocking.length > 0) {
        return { ok: false, status: 409, draft, message: blocking.map((c) => c.message).join(' ') }
      }
      const input = messageInput(userId, user, draft, interviewer)
      let mail: ReturnType<typeof draftMail>
      try {
        mail = draftMail(input)
      } catch (error) {
        if (error instanceof RecipientError) {
          const where = error.field === 'user.email' ? 'under Settings' : 'on the interview page'
          return { ok: false, status: 409, draft, message: `${error.message} Fix it ${where}.` }
        }
        throw error
      }
      const claim = repo.claimForSending(userId, id, clock.now(), options.sendLeaseMs)
      if (!claim.ok) {
        if (!claim.draft) return notFound()
        return notEditable(claim.draft)
      }
      try {
        await mailer.send(mail)
      } catch (error) {
        const failure = classifyMailError(error)
        const kind = failure.temporary ? 'temporary' : 'permanent'
        repo.recordFailure(userId, id, claim.attempt, failure.message, kind, clock.now())
        const current = repo.get(userId, id)
        return failure.temporary
          ? {
              ok: false,
              status: 503,
              ...(current ? { draft: current } : {}),
              message: `The mail server did not confirm the note (${failure.message}). It is still a draft: try Send again in a few minutes. If the first try did arrive after all, the repeat carries the same Message-ID, so it is recognisable as the same message.`,
            }
          : {
              ok: false,
              status: 502,
              ...(current ? { draft: current } : {}),
              message: `The mail server refused the note (${failure.message}). Check the interviewer's address, then try again or send it from your own mail program and mark it as sent.`,
            }
      }
      const delivered = repo.recordDelivered(userId, id, claim.attempt, input.messageId, clock.now())
      if (!delivered) {
        options.log?.warn(
          { draftId: id, attempt: claim.attempt },
          'draft delivered after its claim was taken over',
        )
      }
      // The note is recorded as sent before the copy goes out: a failing copy must never make
      // the note itself look unsent and invite a second send.
      let notice: string | undefined
      try {
        await mailer.send(copyMail(input, messageIdOf(draft, 'draft-copy')))
      } catch (error) {
        const failure = classifyMailError(error)
        options.log?.warn({ draftId: id, error: failure.message }, 'copy of a sent draft not delivered')
        notice = `The note was sent, but your copy could not be delivered (${failure.message}).`
      }
      const result = getView(userId, user, id)
      return result.ok && notice ? { ...result, notice } : result
    },
  }
}

export type DraftService = ReturnType<typeof draftService>
