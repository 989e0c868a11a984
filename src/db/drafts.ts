import { randomBytes } from 'node:crypto'
import type { DraftKind, Tone } from '../domain/drafts.js'
import type { Db } from './connection.js'
import {
  DRAFT_COLUMNS,
  type Draft,
  type DraftRow,
  type RenderedText,
  type Renderer,
  renderedHash,
  toDraft,
} from './draftRows.js'
import { mapOne } from './rows.js'

export type { Draft, DraftRow, RenderedText, Renderer } from './draftRows.js'
export { DRAFT_COLUMNS, renderedHash } from './draftRows.js'
export type { FollowUpData, FollowUpInterview, FollowUpInterviewer } from './followUpData.js'

/** The stored notes. What a note going out settles on its interviewer is the drafts service's to record. */
export function draftsRepository(db: Db) {
  const forInterview = db.prepare(
    `SELECT ${DRAFT_COLUMNS} FROM drafts WHERE interview_id = ? AND user_id = ? ORDER BY interviewer_id, id`,
  )
  const byId = db.prepare(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = ? AND user_id = ?`)
  const byKind = db.prepare(
    `SELECT ${DRAFT_COLUMNS} FROM drafts WHERE interviewer_id = ? AND kind = ? AND user_id = ?`,
  )
  const insert = db.prepare(
    `INSERT INTO drafts (user_id, interview_id, interviewer_id, kind, tone, subject, body, rendered_hash,
       message_key, created_at, updated_at)
     VALUES (@userId, @interviewId, @interviewerId, @kind, @tone, @subject, @body, @hash, @key, @now, @now)
     ON CONFLICT (interviewer_id, kind) DO NOTHING`,
  )
  const refresh = db.prepare(
    `UPDATE drafts SET subject = @subject, body = @body, rendered_hash = @hash, updated_at = @now
     WHERE id = @id AND user_id = @userId AND edited = 0 AND state = 'draft' AND rendered_hash <> @hash`,
  )
  const regenerate = db.prepare(
    `UPDATE drafts SET tone = @tone, subject = @subject, body = @body, rendered_hash = @hash, edited = 0,
       updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'draft'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  // Saving unchanged text keeps the draft generated, so it still follows the interview data.
  const edit = db.prepare(
    `UPDATE drafts SET
       edited = CASE WHEN subject = @subject AND body = @body THEN edited ELSE 1 END,
       subject = @subject, body = @body, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'draft'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const sentFromQueue = db.prepare(
    `UPDATE drafts SET state = 'sent', sent_at = @now, sent_via = 'debrief', message_id = @messageId,
       attempts = attempts + 1, lease_until = NULL, last_error = NULL, last_error_kind = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const failed = db.prepare(
    `UPDATE drafts SET last_error = @error, last_error_kind = @kind, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'`,
  )
  const sentManually = db.prepare(
    `UPDATE drafts SET state = 'sent', sent_at = @now, sent_via = 'manual', lease_until = NULL,
       updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const unmark = db.prepare(
    `UPDATE drafts SET state = 'draft', sent_at = NULL, sent_via = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'sent' AND sent_via = 'manual'
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const otherSent = db
    .prepare(
      `SELECT min(sent_at) FROM drafts
       WHERE interviewer_id = @interviewerId AND user_id = @userId AND state = 'sent'
         AND kind IN (@kind, 'combined')`,
    )
    .pluck()

  const one = (row: unknown) => mapOne(row, toDraft)

  return {
    get: (userId: number, id: number): Draft | undefined => one(byId.get(id, userId)),

    listForInterview(userId: number, interviewId: number): Draft[] {
      return (forInterview.all(interviewId, userId) as DraftRow[]).map(toDraft)
    },

    /**
     * The stored draft for this interviewer and kind, created from the templates when missing
     * and following the latest interview data while it is unedited. Called by the actions that
     * need a stored draft (edit, send, mark), never by a read.
     */
    ensure: db.transaction(
      (
        userId: number,
        interviewId: number,
        interviewerId: number,
        kind: DraftKind,
        render: Renderer,
        now: number,
      ): Draft | undefined => {
        const existing = (forInterview.all(interviewId, userId) as DraftRow[]).map(toDraft)
        const current = existing.find((d) => d.interviewerId === interviewerId && d.kind === kind)
        if (!current) {
          // A new note takes the tone already chosen for this interviewer's other notes.
          const tone = existing.find((d) => d.interviewerId === interviewerId)?.tone ?? 'warm'
          const text = render(interviewerId, kind, tone)
          insert.run({
            userId,
            interviewId,
            interviewerId,
            kind,
            tone,
            ...text,
            hash: renderedHash(text),
            key: randomBytes(12).toString('hex'),
            now,
          })
        } else if (!current.edited && current.state === 'draft') {
          const text = render(interviewerId, kind, current.tone)
          refresh.run({ id: current.id, userId, ...text, hash: renderedHash(text), now })
        }
        return one(byKind.get(interviewerId, kind, userId))
      },
    ),

    regenerate(userId: number, id: number, tone: Tone, text: RenderedText, now: number): Draft | undefined {
      return one(regenerate.get({ id, userId, tone, ...text, hash: renderedHash(text), now }))
    },

    /** undefined when the draft is not this user's or is no longer a draft. */
    edit(userId: number, id: number, text: RenderedText, now: number): Draft | undefined {
      return one(edit.get({ id, userId, ...text, now }))
    },

    /** A queued send was accepted by the mail server: the draft is sent. */
    settleDelivered(userId: number, id: number, messageId: string, now: number): Draft | undefined {
      return one(sentFromQueue.get({ id, userId, messageId, now }))
    },

    /** A queued send that will not go out: the draft stays a draft and says why. */
    recordFailure(userId: number, id: number, error: string, kind: 'temporary' | 'permanent', now: number) {
      failed.run({ id, userId, error, kind, now })
    },

    /** For a note sent from the user's own mail client; undefined when it is sent or queued already. */
    markSent(userId: number, id: number, now: number): Draft | undefined {
      return one(sentManually.get({ id, userId, now }))
    },

    /** Only notes marked by hand can be un-marked: a message Debrief delivered stays delivered. */
    unmarkSent(userId: number, id: number, now: number): Draft | undefined {
      return one(unmark.get({ id, userId, now }))
    },

    /** The earliest other note still marked sent that covers `kind`, for un-marking to fall back to. */
    otherSentAt(userId: number, interviewerId: number, kind: DraftKind): number | null {
      return (otherSent.get({ interviewerId, userId, kind }) as number | null) ?? null
    },
  }
}

export type DraftsRepository = ReturnType<typeof draftsRepository>
