import type { RenderedText } from '../../db/draftRows.js'
import { fromAddress } from '../../mail/compose.js'
import { conflict } from '../result.js'
import { type DraftMessageInput, draftMail, type Person, RecipientError, senderName } from './message.js'
import type { DraftCore, DraftView, Failure, HandOffOptions, NoteRef, Result, Sender } from './types.js'
import { noDraft as notFound } from './types.js'

/** What the confirmation step shows before anything goes out. */
export interface SendPreview {
  draft: DraftView
  to: string
  from: string
  replyTo: string
  undoSeconds: number
}

const display = (name: string, address: string) => (name ? `${name} <${address}>` : address)
/** What sending shares with the other hand-offs. */
export interface SendSupport {
  getView(userId: number, user: Person, ref: NoteRef): Result<DraftView>
  prepared(
    userId: number,
    user: Person,
    ref: NoteRef,
    text: RenderedText | undefined,
  ): Failure | ({ ok: true; id: number } & NonNullable<ReturnType<DraftCore['find']>>)
  repeatCheck(
    found: NonNullable<ReturnType<DraftCore['find']>>,
    user: Sender,
    action: 'send' | 'mark',
    confirmRepeat: boolean | undefined,
  ): Failure | undefined
  mailInput(userId: number, user: Person, draft: DraftView, interviewer: Person): DraftMessageInput
}

/** Sending from Debrief: a confirmation step, then a durable queue with an undo window. */
export function sendActions(core: DraftCore, support: SendSupport) {
  const { options } = core
  const { clock } = options
  const { getView, prepared, repeatCheck, mailInput } = support

  async function send(
    userId: number,
    user: Sender,
    ref: NoteRef,
    handOff: HandOffOptions & { commit: boolean },
  ): Promise<Result<SendPreview>> {
    if (!core.find(userId, user, ref)) return notFound()
    if (!options.mailer) {
      return conflict(
        'Sending from Debrief needs an SMTP server (set SMTP_URL). Until then, copy the note, open it in your mail program or download it, and mark it as sent.',
      )
    }
    const found = prepared(userId, user, ref, handOff.text)
    if (!found.ok) return found
    const refused = repeatCheck(found, user, 'send', handOff.confirmRepeat)
    if (refused) return refused
    const { note, interviewer } = found
    const blocking = note.checks.filter((c) => c.level === 'error')
    if (blocking.length > 0) {
      return { ...conflict(blocking.map((c) => c.message).join(' ')), draft: note }
    }
    let mail: ReturnType<typeof draftMail>
    try {
      mail = draftMail(mailInput(userId, user, note, { name: interviewer.name, email: interviewer.email }))
    } catch (error) {
      if (error instanceof RecipientError) {
        const where = error.field === 'user.email' ? 'under Settings' : 'on the interview page'
        return { ...conflict(`${error.message} Fix it ${where}.`), draft: note }
      }
      throw error
    }
    const from = `"${senderName(user)}" <${fromAddress(options.mailFrom)}>`
    const preview = (draft: DraftView): SendPreview => ({
      draft,
      to: display(mail.to.name ?? '', mail.to.address),
      from,
      replyTo: display(mail.replyTo?.name ?? '', mail.replyTo?.address ?? ''),
      undoSeconds: Math.round(options.sendUndoMs / 1000),
    })
    if (!handOff.commit) return { ok: true, value: preview(note) }
    const now = clock.now()
    const queued = options.outgoing.queue(
      {
        userId,
        draftId: found.id,
        dueAt: now + options.sendUndoMs,
        fromName: mail.fromName ?? senderName(user),
        to: { name: mail.to.name ?? '', address: mail.to.address },
        replyTo: { name: mail.replyTo?.name ?? '', address: mail.replyTo?.address ?? '' },
        subject: mail.subject,
        body: mail.text,
      },
      now,
    )
    if (!queued)
      return { ...conflict('This note is already queued to go out; it is not sent twice.'), draft: note }
    if (options.sendUndoMs === 0) await options.sendNow?.()
    const after = getView(userId, user, { id: found.id })
    return after.ok ? { ok: true, value: preview(after.value) } : after
  }

  function undo(userId: number, user: Person, id: number): Result<DraftView> {
    const current = getView(userId, user, { id })
    if (!current.ok) return current
    if (options.outgoing.cancel(userId, id, clock.now())) return getView(userId, user, { id })
    const latest = options.outgoing.latest(userId, id)
    if (latest && (latest.state === 'sending' || latest.state === 'sent')) {
      return {
        ...conflict(
          latest.state === 'sent'
            ? 'Too late — it was sent.'
            : 'Too late — it was sent: the mail server has it already or is taking it right now.',
        ),
        draft: current.value,
      }
    }
    return { ...conflict('Nothing of this note is waiting to be sent.'), draft: current.value }
  }

  return { send, undo }
}
