import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Static } from 'typebox'
import { DRAFT_KIND_LABELS, TONE_LABELS, type Tone } from '../../domain/drafts.js'
import type { Failure, NoteRef } from '../../services/drafts/index.js'
import { sendFailure } from '../serviceFailure.js'
import {
  backTo,
  done,
  draftsPage,
  flashFailure,
  handedOver,
  keyOf,
  type NoteBody,
  primaryIdNow,
} from './draftForms.js'
import { interviewerName, noteName } from './draftProgress.js'
import { formErrors, formValues } from './forms.js'

/** Re-renders from the templates; a note with edits first asks, on a page of its own. */
export async function regenerateNote(
  request: FastifyRequest,
  reply: FastifyReply,
  ref: { id: number },
  tone: Tone,
  confirm: boolean,
) {
  const result = request.server.services.drafts.regenerate(request.access!, ref, tone, confirm)
  if (!result.ok && result.needsConfirmation && result.draft) {
    // The confirmation is a page of its own, so it works the same without JavaScript.
    return reply.page('draft-regenerate', {
      title: 'Replace your edits?',
      draft: result.draft,
      tone,
      toneLabel: TONE_LABELS[tone],
      kindLabel: DRAFT_KIND_LABELS[result.draft.kind],
    })
  }
  if (!result.ok) return flashFailure(request, reply, result)
  const message = `Draft regenerated in the ${TONE_LABELS[tone].toLowerCase()} tone.`
  return backToNote(request, reply, message, result.value)
}

/** After a save or a regeneration: back to the note, focus on its primary button as the page now has it. */
function backToNote(
  request: FastifyRequest,
  reply: FastifyReply,
  message: string,
  note: { interviewId: number; interviewerId: number; kind: string; id: number | null },
) {
  const key = keyOf(note)
  const focus = primaryIdNow(request, note.interviewId, key)
  return done(request, reply, 'success', message, backTo(note.interviewId, key), focus)
}

/** Every button of a note's form; `ref` names the note, stored or not. */
export async function actOnNote(request: FastifyRequest, reply: FastifyReply, ref: NoteRef) {
  const drafts = request.server.services.drafts
  const access = request.access!
  const current = drafts.get(access, ref)
  if (!current.ok) return sendFailure(request, reply, current)
  const note = current.value
  const key = keyOf(note)
  const page = draftsPage(request, reply)
  const errors = formErrors(request)
  if (errors) {
    return page(
      note.interviewId,
      { draftErrors: { [key]: errors }, draftValues: { [key]: formValues(request) } },
      400,
    )
  }
  const body = request.body as Static<typeof NoteBody>
  const text = { subject: body.subject, body: body.body }
  const action = body.action ?? 'save'
  const refused = (failure: Failure) =>
    failure.error === 'invalid'
      ? page(
          note.interviewId,
          { draftErrors: { [key]: failure.fields }, draftValues: { [key]: formValues(request) } },
          400,
        )
      : flashFailure(request, reply, failure)
  const repeat = (failure: Failure, kind: 'send' | 'mark') =>
    page(
      note.interviewId,
      {
        repeat: {
          key: keyOf(failure.draft ?? note),
          url: request.url,
          message: failure.message,
          action: kind,
          ...text,
        },
      },
      409,
    )

  if (action === 'save') {
    const result = drafts.edit(access, ref, text)
    if (!result.ok) return refused(result)
    return backToNote(request, reply, 'Draft saved.', result.value)
  }
  if (action === 'regenerate') {
    const tone: Tone = body.tone ?? note.tone
    // Unsaved edits in the editor count as edits: regenerating asks before replacing them.
    const saved = drafts.edit(access, ref, text)
    if (!saved.ok) return refused(saved)
    return regenerateNote(request, reply, { id: saved.value.id! }, tone, false)
  }
  const confirmRepeat = body.confirm_repeat === 'yes'
  if (action === 'mark') {
    const result = drafts.markSent(access, ref, { text, confirmRepeat })
    if (!result.ok && result.needsRepeatConfirmation) return repeat(result, 'mark')
    if (!result.ok) return refused(result)
    const marked = result.value
    return handedOver(
      request,
      reply,
      'success',
      marked,
      (view) => `Marked ${noteName(view, marked)} as sent.`,
    )
  }
  const commit = body.confirmed === 'yes'
  const result = await drafts.send(access, ref, { text, confirmRepeat, commit })
  if (!result.ok && result.needsRepeatConfirmation) return repeat(result, 'send')
  if (!result.ok) return refused(result)
  const { draft } = result.value
  if (!commit) {
    // A send without the drafts page's own preview beside it (an older form, a bookmarked post):
    // the confirmation step shows who it goes to, as whom, and what, before anything goes out.
    return reply.page('draft-send', {
      title: 'Send this note?',
      preview: result.value,
      action: draft.id === null ? '' : `/drafts/${draft.id}`,
      back: backTo(draft.interviewId, keyOf(draft)),
      confirmRepeat,
    })
  }
  const { to, undoSeconds } = result.value
  return handedOver(request, reply, 'success', draft, (view) =>
    draft.state === 'sent'
      ? `Sent ${noteName(view, draft)} from Debrief to ${to}, with a copy to you.`
      : `Sending to ${interviewerName(view, draft.interviewerId)} in ${undoSeconds} s — Undo is on the note.`,
  )
}
