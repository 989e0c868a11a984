import type { Db } from './connection.js'
import { newMessageKey } from './messageKey.js'
import { mapOne } from './rows.js'

export type OutgoingState = 'queued' | 'sending' | 'sent' | 'cancelled' | 'failed'

/** One send from Debrief, waiting out its undo window or going out. */
export interface OutgoingDraft {
  id: number
  userId: number
  draftId: number
  state: OutgoingState
  dueAt: number
  attempts: number
  leaseUntil: number | null
  messageKey: string
  fromName: string
  to: { name: string; address: string }
  replyTo: { name: string; address: string }
  subject: string
  body: string
  lastError: string | null
  sentAt: number | null
  createdAt: number
}

interface OutgoingRow {
  id: number
  user_id: number
  draft_id: number
  state: OutgoingState
  due_at: number
  attempts: number
  lease_until: number | null
  message_key: string
  from_name: string
  to_name: string
  to_address: string
  reply_name: string
  reply_address: string
  subject: string
  body: string
  last_error: string | null
  sent_at: number | null
  created_at: number
}

/** What a send is queued with: the message as it will go out, and when. */
export type QueueInput = Pick<
  OutgoingDraft,
  'userId' | 'draftId' | 'dueAt' | 'fromName' | 'to' | 'replyTo' | 'subject' | 'body'
>

/** A claimed send: only the holder of this attempt number may record its outcome. */
export interface ClaimedSend extends OutgoingDraft {
  attempts: number
  leaseUntil: number
}

/**
 * What settles the draft once its message was accepted; runs in the same transaction. The drafts
 * service registers it (onDelivered), so this repository never calls another.
 */
export type Settle = (userId: number, draftId: number, messageId: string, now: number) => void

const COLUMNS = `id, user_id, draft_id, state, due_at, attempts, lease_until, message_key, from_name, to_name,
  to_address, reply_name, reply_address, subject, body, last_error, sent_at, created_at`

const toOutgoing = (row: OutgoingRow): OutgoingDraft => ({
  id: row.id,
  userId: row.user_id,
  draftId: row.draft_id,
  state: row.state,
  dueAt: row.due_at,
  attempts: row.attempts,
  leaseUntil: row.lease_until,
  messageKey: row.message_key,
  fromName: row.from_name,
  to: { name: row.to_name, address: row.to_address },
  replyTo: { name: row.reply_name, address: row.reply_address },
  subject: row.subject,
  body: row.body,
  lastError: row.last_error,
  sentAt: row.sent_at,
  createdAt: row.created_at,
})

const MAX_ERROR_LENGTH = 500

/**
 * The durable queue of sends from Debrief, with the reminders' claim semantics: a row is
 * taken by one atomic UPDATE (queued → sending, attempts + 1, leased), every way out of
 * `sending` is fenced on that attempt number, and a lease that ran out (the sender crashed)
 * puts the row back in the queue to go out with the same Message-ID.
 */
export function outgoingDraftsRepository(db: Db) {
  let settle: Settle | undefined
  const insert = db.prepare(
    `INSERT INTO outgoing_drafts (user_id, draft_id, due_at, message_key, from_name, to_name, to_address,
       reply_name, reply_address, subject, body, created_at, updated_at)
     VALUES (@userId, @draftId, @dueAt, @key, @fromName, @toName, @toAddress, @replyName, @replyAddress,
       @subject, @body, @now, @now)
     ON CONFLICT DO NOTHING
     RETURNING ${COLUMNS}`,
  )
  const active = db.prepare(
    `SELECT ${COLUMNS} FROM outgoing_drafts
     WHERE draft_id = ? AND user_id = ? AND state IN ('queued', 'sending')`,
  )
  const activeForInterview = db.prepare(
    `SELECT o.id, o.user_id, o.draft_id, o.state, o.due_at, o.attempts, o.lease_until, o.message_key,
       o.from_name, o.to_name, o.to_address, o.reply_name, o.reply_address, o.subject, o.body,
       o.last_error, o.sent_at, o.created_at
     FROM outgoing_drafts o JOIN drafts d ON d.id = o.draft_id
     WHERE d.interview_id = ? AND o.user_id = ? AND o.state IN ('queued', 'sending')`,
  )
  const latest = db.prepare(
    `SELECT ${COLUMNS} FROM outgoing_drafts WHERE draft_id = ? AND user_id = ? ORDER BY id DESC LIMIT 1`,
  )
  const cancel = db.prepare(
    `UPDATE outgoing_drafts SET state = 'cancelled', updated_at = @now
     WHERE draft_id = @draftId AND user_id = @userId AND state = 'queued'`,
  )
  const reclaim = db.prepare(
    `UPDATE outgoing_drafts SET state = 'queued', lease_until = NULL, updated_at = @now
     WHERE state = 'sending' AND lease_until <= @now`,
  )
  const claim = db.prepare(
    `UPDATE outgoing_drafts SET state = 'sending', attempts = attempts + 1, lease_until = @leaseUntil,
       updated_at = @now
     WHERE id IN (SELECT id FROM outgoing_drafts WHERE state = 'queued' AND due_at <= @now
                  ORDER BY due_at LIMIT @limit)
     RETURNING ${COLUMNS}`,
  )
  const markSent = db.prepare(
    `UPDATE outgoing_drafts SET state = 'sent', sent_at = @now, message_id = @messageId, lease_until = NULL,
       last_error = NULL, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markRetry = db.prepare(
    `UPDATE outgoing_drafts SET state = 'queued', due_at = @dueAt, lease_until = NULL, last_error = @error,
       updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const markFailed = db.prepare(
    `UPDATE outgoing_drafts SET state = 'failed', lease_until = NULL, last_error = @error, updated_at = @now
     WHERE id = @id AND state = 'sending' AND attempts = @attempts`,
  )
  const nextWake = db
    .prepare(
      `SELECT min(CASE state WHEN 'queued' THEN due_at ELSE lease_until END) FROM outgoing_drafts
       WHERE state IN ('queued', 'sending')`,
    )
    .pluck()

  const clip = (text: string) =>
    text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text

  return {
    /** undefined when this draft already has a send waiting or in flight. */
    queue(input: QueueInput, now: number): OutgoingDraft | undefined {
      return mapOne(
        insert.get({
          userId: input.userId,
          draftId: input.draftId,
          dueAt: input.dueAt,
          key: newMessageKey(),
          fromName: input.fromName,
          toName: input.to.name,
          toAddress: input.to.address,
          replyName: input.replyTo.name,
          replyAddress: input.replyTo.address,
          subject: input.subject,
          body: input.body,
          now,
        }),
        toOutgoing,
      )
    },

    /** The send of this draft that is waiting or in flight. */
    active(userId: number, draftId: number): OutgoingDraft | undefined {
      return mapOne(active.get(draftId, userId), toOutgoing)
    },

    activeForInterview(userId: number, interviewId: number): OutgoingDraft[] {
      return (activeForInterview.all(interviewId, userId) as OutgoingRow[]).map(toOutgoing)
    },

    latest(userId: number, draftId: number): OutgoingDraft | undefined {
      return mapOne(latest.get(draftId, userId), toOutgoing)
    },

    /** true: the send was still waiting and now never goes out. false: it was claimed already (or there was none). */
    cancel: (userId: number, draftId: number, now: number) =>
      cancel.run({ userId, draftId, now }).changes === 1,

    reclaimExpired: (now: number) => reclaim.run({ now }).changes,

    claimDue(now: number, leaseUntil: number, limit: number): ClaimedSend[] {
      return (claim.all({ now, leaseUntil, limit }) as OutgoingRow[]).map(
        (row) => toOutgoing(row) as ClaimedSend,
      )
    },

    /** Records the accepted message and settles the draft, in one transaction; false when the claim was taken over. */
    markSent: db.transaction((claim: ClaimedSend, messageId: string, now: number): boolean => {
      if (markSent.run({ id: claim.id, attempts: claim.attempts, messageId, now }).changes !== 1) return false
      if (!settle) throw new Error('no drafts service is registered to settle a delivered note')
      settle(claim.userId, claim.draftId, messageId, now)
      return true
    }),

    /** Registers what settles a draft whose message the mail server accepted. */
    onDelivered(next: Settle) {
      settle = next
    },

    markRetry: (claim: ClaimedSend, error: string, dueAt: number, now: number) =>
      markRetry.run({ id: claim.id, attempts: claim.attempts, error: clip(error), dueAt, now }).changes === 1,

    markFailed: (claim: ClaimedSend, error: string, now: number) =>
      markFailed.run({ id: claim.id, attempts: claim.attempts, error: clip(error), now }).changes === 1,

    /** The earliest moment a pass could find work: a send coming due or a lease running out. */
    nextWakeAt: () => (nextWake.get() as number | null) ?? undefined,
  }
}

export type OutgoingDraftsRepository = ReturnType<typeof outgoingDraftsRepository>
