import { randomBytes } from 'node:crypto'
import type { NotePlan } from '../../db/draftPlans.js'
import type { Draft, RenderedText } from '../../db/draftRows.js'
import { emlFilename } from '../../domain/draftChecks.js'
import type { Tone } from '../../domain/drafts.js'
import { stableMessageId } from '../../mail/compose.js'
import { conflict, invalid } from '../result.js'
import { type DraftMessageInput, draftEml, type Person, RecipientError } from './message.js'
import { repeatedBy, repeatQuestion } from './plan.js'
import { sendActions } from './sending.js'
import { sentNotes } from './settle.js'
import type { DraftCore, DraftView, Failure, HandOffOptions, NoteRef, Result, Sender } from './types.js'
import { noDraft as notFound } from './types.js'

function busy(draft: DraftView): Failure {
  return {
    ...conflict(
      draft.state === 'sent'
        ? 'This note is recorded as sent, so it can no longer be changed. Un-mark it first if it did not go out.'
        : 'This note is queued to go out. Undo the send first to change it.',
    ),
    draft,
  }
}

/** Edits, regeneration and every hand-off of a note; each refuses what would repeat a note already recorded. */
export function handOffs(core: DraftCore) {
  const { options } = core
  const repo = options.drafts
  const clock = options.clock
  const sent = sentNotes(options)

  function getView(userId: number, user: Person, ref: NoteRef): Result<DraftView> {
    const found = core.find(userId, user, ref)
    return found ? { ok: true, value: found.note } : notFound()
  }

  function edit(userId: number, user: Person, ref: NoteRef, text: RenderedText): Result<DraftView> {
    if (/[\r\n]/.test(text.subject)) {
      return invalid({ subject: 'must be a single line' }, 'The subject must be a single line.')
    }
    const body = text.body.replace(/\r\n?/g, '\n')
    const fields: Record<string, string> = {}
    if (text.subject.trim() === '') fields.subject = 'must not be empty'
    if (body.trim() === '') fields.body = 'must not be empty'
    if (Object.keys(fields).length > 0) {
      return invalid(fields, 'The subject and the text must not be empty.')
    }
    const found = core.find(userId, user, ref)
    if (!found) return notFound()
    // Saving the text as it already stands is no change, and stores nothing new.
    if (found.note.subject === text.subject.trim() && found.note.body === body && found.note.id !== null) {
      return { ok: true, value: found.note }
    }
    if (found.note.state === 'sent' || found.note.queued) return busy(found.note)
    const id = core.ensure(userId, user, ref)
    if (id === undefined) return notFound()
    if (!repo.edit(userId, id, { subject: text.subject.trim(), body }, clock.now())) {
      const again = getView(userId, user, { id })
      return again.ok ? busy(again.value) : again
    }
    return getView(userId, user, { id })
  }

  /** Saves the editor's text when given, then finds the note ready for a hand-off. */
  function prepared(userId: number, user: Person, ref: NoteRef, text: RenderedText | undefined) {
    if (text) {
      const saved = edit(userId, user, ref, text)
      if (!saved.ok) return saved
    }
    const id = core.ensure(userId, user, ref)
    const found = id === undefined ? undefined : core.find(userId, user, { id })
    if (id === undefined || !found) return notFound()
    return { ok: true as const, id, ...found }
  }

  function repeatCheck(
    found: NonNullable<ReturnType<DraftCore['find']>>,
    user: Sender,
    action: 'send' | 'mark',
    confirmRepeat: boolean | undefined,
  ): Failure | undefined {
    const { loaded, interviewer, note } = found
    if (note.state === 'sent') {
      return {
        ...conflict(
          `This note was already ${note.sentVia === 'debrief' ? 'sent' : 'marked as sent'}; it is not sent twice.`,
        ),
        draft: note,
      }
    }
    if (note.queued) {
      return { ...conflict('This note is already queued to go out; it is not sent twice.'), draft: note }
    }
    const earlier = repeatedBy(note.kind, interviewer, loaded.stored, loaded.queued, note.id)
    if (!earlier || confirmRepeat) return undefined
    return {
      ...conflict(
        repeatQuestion(earlier, interviewer.name, user.timeZone ?? loaded.data.interview.timeZone, action),
      ),
      draft: note,
      needsRepeatConfirmation: true,
    }
  }

  function mailInput(userId: number, user: Person, draft: DraftView, interviewer: Person): DraftMessageInput {
    return {
      userId,
      subject: draft.subject,
      body: draft.body,
      messageId: `<draft-${draft.id}@localhost>`,
      interviewer,
      user,
    }
  }

  /**
   * A send from Debrief. Without `commit` it only checks and answers what the confirmation
   * shows; with it, the note is queued to go out when the undo window has passed.
   */
  function markSent(
    userId: number,
    user: Sender,
    ref: NoteRef,
    handOff: HandOffOptions = {},
  ): Result<DraftView> {
    const found = prepared(userId, user, ref, handOff.text)
    if (!found.ok) return found
    const refused = repeatCheck(found, user, 'mark', handOff.confirmRepeat)
    if (refused) return refused
    if (!sent.markSent(userId, found.id, clock.now())) {
      const again = getView(userId, user, { id: found.id })
      return again.ok ? busy(again.value) : again
    }
    return getView(userId, user, { id: found.id })
  }

  function unmarkSent(userId: number, user: Person, id: number): Result<DraftView> {
    if (!sent.unmarkSent(userId, id, clock.now())) {
      const draft = getView(userId, user, { id })
      if (!draft.ok) return draft
      return {
        ...conflict(
          draft.value.state === 'sent'
            ? 'Debrief delivered this note to the mail server, so it cannot be un-marked.'
            : 'This note is not marked as sent.',
        ),
        draft: draft.value,
      }
    }
    return getView(userId, user, { id })
  }

  /** Re-renders from the templates; edits are replaced only when the caller confirmed it. */
  function regenerate(
    userId: number,
    user: Person,
    ref: NoteRef,
    tone: Tone,
    confirmed: boolean,
  ): Result<DraftView> {
    const found = core.find(userId, user, ref)
    if (!found) return notFound()
    const { note } = found
    if (note.state === 'sent' || note.queued) return busy(note)
    if (note.edited && !confirmed) {
      return {
        ...conflict(
          'This note has your edits. Regenerating replaces them with a fresh draft; confirm to go ahead.',
        ),
        needsConfirmation: true,
        draft: note,
      }
    }
    const id = core.ensure(userId, user, ref)
    if (id === undefined) return notFound()
    const text = found.loaded.rerender(note.interviewerId, note.kind, tone)
    if (!repo.regenerate(userId, id, tone, text, clock.now())) return busy(note)
    return getView(userId, user, { id })
  }

  /** The note as an RFC 5322 file from the user, to open and send in their own mail program. */
  async function eml(
    userId: number,
    user: Person,
    ref: NoteRef,
  ): Promise<Result<{ filename: string; content: Buffer }>> {
    const found = core.find(userId, user, ref)
    if (!found) return notFound()
    const { note, interviewer } = found
    try {
      const input = mailInput(userId, user, note, { name: interviewer.name, email: interviewer.email })
      // A stored draft's file always carries the same Message-ID; an unstored one a fresh one.
      input.messageId = stableMessageId(
        'draft',
        note.id === null ? randomBytes(12).toString('hex') : `${note.id}.${note.messageKey}`,
        options.baseUrl,
      )
      const content = await draftEml(input, new Date(clock.now()))
      return { ok: true, value: { filename: emlFilename(note.kind, interviewer.name), content } }
    } catch (error) {
      if (error instanceof RecipientError) {
        return conflict(`${error.message} Fix it on the interview page, then download again.`)
      }
      throw error
    }
  }

  /** Answers "one e-mail or two?" for one interviewer of the interview. */
  function choosePlan(
    userId: number,
    user: Person,
    interviewId: number,
    interviewerId: number,
    plan: NotePlan,
  ) {
    const loaded = core.load(userId, user, interviewId)
    if (!loaded?.data.interviewers.some((p) => p.id === interviewerId)) return false
    return options.plans.set(userId, interviewerId, plan, clock.now())
  }

  /** Stores every note the page shows for an interview, so that each has an id (for API clients). */
  function prepare(userId: number, user: Person, interviewId: number) {
    const view = core.forInterview(userId, user, interviewId)
    if (!view) return undefined
    for (const group of view.interviewers) {
      for (const d of group.drafts) {
        if (d.id === null && !d.covered)
          core.ensure(userId, user, { interviewId, interviewerId: d.interviewerId, kind: d.kind })
      }
    }
    return core.forInterview(userId, user, interviewId)
  }

  return {
    get: getView,
    edit,
    regenerate,
    markSent,
    unmarkSent,
    eml,
    choosePlan,
    prepare,
    ...sendActions(core, { getView, prepared, repeatCheck, mailInput }),
  }
}

export type { Draft }
