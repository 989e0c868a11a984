import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../clock.js'
import type { DraftsRepository } from '../db/drafts.js'
import type { ClaimedSend, OutgoingDraftsRepository } from '../db/outgoingDrafts.js'
import { stableMessageId } from '../mail/compose.js'
import { draftHtml } from '../mail/draftTemplates.js'
import { classifyMailError, MailSendError } from '../mail/errors.js'
import type { Mailer } from '../mail/mailer.js'
import { copyOf } from '../services/drafts/message.js'

export interface DraftSenderOptions {
  outgoing: OutgoingDraftsRepository
  drafts: Pick<DraftsRepository, 'recordFailure'>
  mailer: Pick<Mailer, 'send'>
  clock: Clock
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>
  baseUrl: string
  /** How long a claim stays reserved; longer than the mailer's send timeout. */
  leaseMs: number
  batchSize?: number
}

/** Temporary failures are retried this often, a minute apart, before the send is given up. */
const MAX_ATTEMPTS = 3
const RETRY_DELAY_MS = 60_000

/** The Message-ID of one queued send: from its random key, so the same on every attempt and on no other send. */
export const queuedMessageId = (send: Pick<ClaimedSend, 'messageKey'>, baseUrl: string, prefix = 'draft') =>
  stableMessageId(prefix, send.messageKey, baseUrl)

/**
 * Sends the queued notes whose undo window has passed. Runs inside the reminder dispatcher's
 * pass, with the same rules: a row is claimed by one atomic UPDATE, the send happens outside
 * any transaction, and its outcome is recorded fenced on the claim's attempt number.
 */
export class DraftSender {
  constructor(private readonly options: DraftSenderOptions) {}

  nextWakeAt(): number | undefined {
    return this.options.outgoing.nextWakeAt()
  }

  async runDuePass(signal?: AbortSignal): Promise<number> {
    const { outgoing, clock, log } = this.options
    const now = clock.now()
    const reclaimed = outgoing.reclaimExpired(now)
    if (reclaimed > 0) log.warn({ count: reclaimed }, 'reclaimed draft sends that were interrupted')
    let sent = 0
    // Bounded: each round claims rows that are due now, and a claimed row is never due again in this pass.
    for (let round = 0; round < 50 && !signal?.aborted; round++) {
      const at = clock.now()
      const claims = outgoing.claimDue(at, at + this.options.leaseMs, this.options.batchSize ?? 5)
      if (claims.length === 0) break
      const outcomes = await Promise.all(claims.map((claim) => this.deliver(claim, signal)))
      sent += outcomes.filter(Boolean).length
    }
    return sent
  }

  private async deliver(claim: ClaimedSend, signal: AbortSignal | undefined): Promise<boolean> {
    const { outgoing, drafts, mailer, clock, log, baseUrl } = this.options
    const messageId = queuedMessageId(claim, baseUrl)
    const context = { draftId: claim.draftId, sendId: claim.id, attempt: claim.attempts }
    try {
      await mailer.send(
        {
          userId: claim.userId,
          to: claim.to,
          fromName: claim.fromName,
          replyTo: claim.replyTo,
          subject: claim.subject,
          text: claim.body,
          html: draftHtml(claim.body),
          messageId,
        },
        signal ? { signal } : {},
      )
    } catch (error) {
      const failure = error instanceof MailSendError ? error : classifyMailError(error)
      const at = clock.now()
      if (signal?.aborted) {
        // Interrupted by shutdown: the next start sends it, with the same Message-ID.
        outgoing.markRetry(claim, `Interrupted by shutdown: ${failure.message}`, at, at)
        return false
      }
      if (failure.temporary && claim.attempts < MAX_ATTEMPTS) {
        log.info({ ...context, error: failure.message }, 'draft send failed, will retry')
        outgoing.markRetry(claim, failure.message, at + RETRY_DELAY_MS, at)
        return false
      }
      log.warn({ ...context, error: failure.message }, 'draft send given up')
      if (outgoing.markFailed(claim, failure.message, at)) {
        drafts.recordFailure(
          claim.userId,
          claim.draftId,
          failure.message,
          failure.temporary ? 'temporary' : 'permanent',
          at,
        )
      }
      return false
    }
    if (!outgoing.markSent(claim, messageId, clock.now())) {
      log.warn(context, 'draft sent but its claim had been taken over; the other claim records the outcome')
      return true
    }
    log.info(context, 'draft sent')
    // The note is recorded as sent before the copy goes out: a failing copy must never make
    // the note itself look unsent and invite a second send.
    try {
      await mailer.send(
        copyOf(
          claim.userId,
          { name: claim.to.name, email: claim.to.address },
          { name: claim.replyTo.name, email: claim.replyTo.address },
          claim.subject,
          claim.body,
          queuedMessageId(claim, baseUrl, 'draft-copy'),
          messageId,
        ),
        signal ? { signal } : {},
      )
    } catch (error) {
      log.warn({ ...context, error: classifyMailError(error).message }, 'copy of a sent draft not delivered')
    }
    return true
  }
}
