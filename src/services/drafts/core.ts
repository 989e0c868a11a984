import { type RenderedText, renderedHash } from '../../db/draftRows.js'
import type { FollowUpData, FollowUpInterviewer } from '../../db/followUpData.js'
import { headerSafe, mailtoLink, preSendChecks } from '../../domain/draftChecks.js'
import {
  DRAFT_KIND_LABELS,
  type DraftContext,
  type DraftKind,
  renderDraft,
  type Tone,
} from '../../domain/drafts.js'
import { assignQuestions } from '../../domain/followUp.js'
import { followUpDeadline, interviewStatus } from '../../domain/interview.js'
import { fromAddress } from '../../mail/compose.js'
import { renderText } from '../../mail/draftTemplates.js'
import { handOffs } from './handOff.js'
import { type Person, senderName } from './message.js'
import { openKinds, plannedKinds, repeatedBy } from './plan.js'
import type {
  DraftServiceOptions,
  DraftView,
  InterviewDrafts,
  InterviewerDrafts,
  Loaded,
  NoteDraft,
  NoteRef,
} from './types.js'

const KIND_ORDER: Record<DraftKind, number> = { thank_you: 0, answers: 1, combined: 2 }

/**
 * Follow-up drafts of one user: computed from the interview on every read (nothing is stored
 * until the user edits, sends or marks a note), checked, and handed over (copied, opened,
 * downloaded, marked, or sent after an undo window). index.ts puts the access rules in front.
 */
export function draftCore(options: DraftServiceOptions) {
  const { drafts: repo, clock, mailer } = options
  const render = options.render ?? renderText

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

  function load(userId: number, user: Person, interviewId: number): Loaded | undefined {
    const base = options.followUpData.read(userId, interviewId)
    if (!base) return undefined
    const data: FollowUpData = { ...base, questions: options.followUp.questions(userId, interviewId) }
    const assignment = assignQuestions(
      data.interviewers.map((p) => p.id),
      data.questions,
    )
    const rerender = (interviewerId: number, kind: DraftKind, tone: Tone): RenderedText => {
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
    return {
      data,
      assignment,
      rerender,
      stored: repo.listForInterview(userId, interviewId),
      plans: options.plans.forInterview(userId, interviewId),
      queued: options.outgoing.activeForInterview(userId, interviewId),
      now: clock.now(),
    }
  }

  /** The note of this kind as it stands: the stored one, its text refreshed while unedited, or a new one. */
  function noteOf(loaded: Loaded, interviewerId: number, kind: DraftKind): NoteDraft {
    const stored = loaded.stored.find((d) => d.interviewerId === interviewerId && d.kind === kind)
    if (stored && (stored.edited || stored.state !== 'draft')) return stored
    const tone = stored?.tone ?? loaded.stored.find((d) => d.interviewerId === interviewerId)?.tone ?? 'warm'
    const text = loaded.rerender(interviewerId, kind, tone)
    if (stored) return { ...stored, ...text, renderedHash: renderedHash(text) }
    return {
      id: null,
      interviewId: loaded.data.interview.id,
      interviewerId,
      kind,
      tone,
      ...text,
      edited: false,
      renderedHash: renderedHash(text),
      state: 'draft',
      sentAt: null,
      sentVia: null,
      messageKey: '',
      messageId: null,
      attempts: 0,
      leaseUntil: null,
      lastAttemptAt: null,
      lastError: null,
      lastErrorKind: null,
      createdAt: loaded.now,
      updatedAt: loaded.now,
    }
  }

  function view(loaded: Loaded, draft: NoteDraft, isOpen: boolean): DraftView {
    const { data, assignment, now } = loaded
    const interviewer = data.interviewers.find((p) => p.id === draft.interviewerId)!
    const mine = assignment.get(draft.interviewerId) ?? { ready: [], unresearched: [] }
    const queuedRow = draft.id === null ? undefined : loaded.queued.find((q) => q.draftId === draft.id)
    const queued = queuedRow ? { state: queuedRow.state, dueAt: queuedRow.dueAt } : null
    const unsent = draft.state !== 'sent' && !queued
    // An open note can still be covered by another one that is queued to go out.
    const earlier = unsent
      ? repeatedBy(draft.kind, interviewer, loaded.stored, loaded.queued, draft.id)
      : undefined
    const covered = earlier && (!isOpen || earlier.queued) ? earlier : null
    const active = unsent && !covered
    const checks = active
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
      active &&
      draft.edited &&
      renderedHash(loaded.rerender(draft.interviewerId, draft.kind, draft.tone)) !== draft.renderedHash
    return {
      ...draft,
      label: DRAFT_KIND_LABELS[draft.kind],
      checks,
      mailto: mailtoLink(interviewer.email, draft.subject, draft.body),
      stale,
      queued,
      covered,
      canSend: mailer !== null && active && !checks.some((c) => c.level === 'error'),
      canMark: active,
    }
  }

  function group(loaded: Loaded, interviewer: FollowUpInterviewer): InterviewerDrafts {
    const mine = loaded.assignment.get(interviewer.id) ?? { ready: [], unresearched: [] }
    const answersDue = mine.ready.length > 0
    const plan = loaded.plans.get(interviewer.id)
    const { kinds, needsPlan } = openKinds(interviewer, answersDue, plan)
    const shown = new Map<DraftKind, DraftView>()
    for (const kind of kinds) shown.set(kind, view(loaded, noteOf(loaded, interviewer.id, kind), true))
    // What went out (or is going out) stays visible as the record of it.
    for (const d of loaded.stored) {
      if (d.interviewerId !== interviewer.id || shown.has(d.kind)) continue
      if (d.state === 'sent' || loaded.queued.some((q) => q.draftId === d.id)) {
        shown.set(d.kind, view(loaded, noteOf(loaded, interviewer.id, d.kind), false))
      }
    }
    for (const kind of plannedKinds(answersDue, plan)) {
      if (!shown.has(kind)) shown.set(kind, view(loaded, noteOf(loaded, interviewer.id, kind), false))
    }
    const finished =
      interviewer.thankYouSentAt !== null && (!answersDue || interviewer.answersSentAt !== null)
    return {
      interviewer,
      answersDue,
      questions: mine.ready.map((q) => ({ id: q.id, text: q.text })),
      unresearched: mine.unresearched.map((q) => ({ id: q.id, text: q.text })),
      plan: plan ?? null,
      needsPlan,
      finished,
      drafts: [...shown.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]),
    }
  }

  /** The From and Reply-To a send shows, so the page can show them beside its Send button. */
  const senderOf = (user: Person) => {
    const name = headerSafe(user.name)
    return {
      from: `"${senderName(user)}" <${fromAddress(options.mailFrom)}>`,
      replyTo: name ? `${name} <${user.email.trim()}>` : user.email.trim(),
    }
  }

  function forInterview(userId: number, user: Person, interviewId: number): InterviewDrafts | undefined {
    const loaded = load(userId, user, interviewId)
    if (!loaded) return undefined
    const { data, now } = loaded
    return {
      interview: {
        ...data.interview,
        status: interviewStatus(data.interview, now),
        deadline: followUpDeadline(data.interview.endsAt),
      },
      sendingEnabled: mailer !== null,
      sender: mailer === null ? null : senderOf(user),
      undoSeconds: Math.round(options.sendUndoMs / 1000),
      interviewers: data.interviewers.map((p) => group(loaded, p)),
    }
  }

  /** The note a ref names, as shown on the page (its view), with what was loaded to show it. */
  function find(userId: number, user: Person, ref: NoteRef) {
    let interviewId: number
    let interviewerId: number
    let kind: DraftKind
    if ('id' in ref) {
      const draft = repo.get(userId, ref.id)
      if (!draft) return undefined
      ;({ interviewId, interviewerId, kind } = draft)
    } else {
      ;({ interviewId, interviewerId, kind } = ref)
    }
    const loaded = load(userId, user, interviewId)
    const interviewer = loaded?.data.interviewers.find((p) => p.id === interviewerId)
    if (!loaded || !interviewer) return undefined
    const shown = group(loaded, interviewer).drafts.find((d) => d.kind === kind)
    const note = shown ?? view(loaded, noteOf(loaded, interviewerId, kind), false)
    return { loaded, interviewer, note }
  }

  /** Stores the note a ref names (an action needs a row) and returns its id. */
  function ensure(userId: number, user: Person, ref: NoteRef): number | undefined {
    const found = find(userId, user, ref)
    if (!found) return undefined
    if (found.note.id !== null && (found.note.edited || found.note.state !== 'draft')) return found.note.id
    const { loaded, note } = found
    const stored = repo.ensure(
      userId,
      loaded.data.interview.id,
      note.interviewerId,
      note.kind,
      loaded.rerender,
      clock.now(),
    )
    return stored?.id
  }

  const core = { options, load, find, ensure, forInterview }
  return {
    sendingEnabled: mailer !== null,
    forInterview,
    ...handOffs(core),
  }
}

export type DraftCoreService = ReturnType<typeof draftCore>
