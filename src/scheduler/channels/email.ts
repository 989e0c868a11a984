import { newMessageKey } from '../../db/messageKey.js'
import type { ClaimedDelivery } from '../../db/reminderDeliveries.js'
import { classifyMailError, MailSendError, MessageIdConflictError } from '../../mail/errors.js'
import type { Mailer } from '../../mail/mailer.js'
import type { Channel, DeliveryContent, DeliveryOutcome } from './channel.js'

export interface EmailChannelDeps {
  mailer: Pick<Mailer, 'send'>
  /** Gives what the claimed delivery carries a new random key; false once the claim is lost. */
  renewMessageKey: (claim: ClaimedDelivery, messageKey: string) => boolean
}

/**
 * E-mail over the configured transport (SMTP, or the Mailbox without SMTP_URL). The Message-ID
 * comes from the reminder's own key, so a send repeated after a crash is recognisably the same
 * message; a Mailbox clash under that id renews the key and fails, and a retry sends anew.
 */
export function emailChannel(deps: EmailChannelDeps): Channel {
  return {
    name: 'email',
    async deliver(
      delivery: ClaimedDelivery,
      content: DeliveryContent,
      signal: AbortSignal,
    ): Promise<DeliveryOutcome> {
      let messageId = ''
      try {
        const email = content.email()
        messageId = email.messageId
        await deps.mailer.send(
          {
            userId: delivery.userId,
            to: email.to,
            subject: email.subject,
            text: email.text,
            html: email.html,
            messageId: email.messageId,
            identity: email.identity,
            headers: { 'Auto-Submitted': 'auto-generated' },
          },
          { signal },
        )
      } catch (error) {
        const failure = error instanceof MailSendError ? error : classifyMailError(error)
        if (error instanceof MessageIdConflictError && deps.renewMessageKey(delivery, newMessageKey()))
          // Never silence: the delivery shows as failed with the reason, and a retry sends it
          // under a new Message-ID.
          return { kind: 'permanent', error: `${failure.message} Retry to send it with a new Message-ID.` }
        return failure.temporary
          ? { kind: 'temporary', error: failure.message }
          : { kind: 'permanent', error: failure.message }
      }
      return { kind: 'sent', messageId }
    },
  }
}
