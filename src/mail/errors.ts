import type { NodemailerError } from 'nodemailer'

export interface MailFailure {
  /** true: the same message may go through later (retry with backoff); false: retrying cannot help. */
  temporary: boolean
  /** One line for logs and the UI: what the server or the network said. */
  message: string
}

/** Thrown by Mailer.send: the transport's error, already classified. */
export class MailSendError extends Error {
  readonly temporary: boolean
  readonly code: string | undefined
  readonly responseCode: number | undefined

  constructor(failure: MailFailure, cause: unknown) {
    super(failure.message, { cause })
    this.name = 'MailSendError'
    this.temporary = failure.temporary
    const source = (cause ?? {}) as NodemailerError
    this.code = source.code
    this.responseCode = source.responseCode
  }
}

/**
 * The local Mailbox already holds a different message under this Message-ID. Sending again
 * with the same id cannot help (permanent); the sender has to give the message a new id.
 */
export class MessageIdConflictError extends MailSendError {
  readonly messageId: string

  constructor(messageId: string) {
    super(
      {
        temporary: false,
        message: `Not delivered: the Mailbox already holds a different message with Message-ID ${messageId}.`,
      },
      undefined,
    )
    this.name = 'MessageIdConflictError'
    this.messageId = messageId
  }
}

// Rejections of this message or its recipient: sending the same message again gets the same answer.
const MESSAGE_COMMANDS = new Set(['RCPT TO', 'DATA'])
// Local problems with the message itself, raised before anything reaches a server.
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS'])

function describe(error: NodemailerError): string {
  const parts: string[] = []
  if (error.responseCode) parts.push(String(error.responseCode))
  if (error.command && error.command !== 'API' && error.command !== 'CONN') parts.push(`at ${error.command}`)
  const code = error.originalCode ?? error.code
  if (code && !error.responseCode) parts.push(code)
  const text = (error.response || error.message || String(error)).replace(/\s+/g, ' ').trim()
  return `${parts.join(' ')}${parts.length ? ': ' : ''}${text}`.slice(0, 500)
}

/**
 * Decides whether a failed send is worth retrying.
 * - Temporary: every 4xx reply, 503 (wrong session state), 5xx replies outside RCPT/DATA (the
 *   server or our credentials, e.g. 535 authentication failed: fixing the configuration makes the
 *   next attempt succeed), connection refused/reset, DNS, TLS and timeouts, and a send aborted
 *   because it took too long.
 * - Permanent: a 5xx reply to RCPT TO or DATA (the recipient or the message was refused) and a
 *   message that is malformed before it leaves (no valid recipient, too large).
 * Anything unrecognised counts as temporary: a retry is cheap, a lost reminder is not.
 */
export function classifyMailError(error: unknown): MailFailure {
  if (error instanceof MailSendError) return { temporary: error.temporary, message: error.message }
  if (!error || typeof error !== 'object') return { temporary: true, message: String(error) }
  const e = error as NodemailerError
  const message = describe(e)
  const code = e.responseCode
  if (typeof code === 'number' && code >= 400) {
    if (code < 500 || code === 503 || code === 535) return { temporary: true, message }
    const command = (e.command ?? '').toUpperCase()
    return { temporary: !MESSAGE_COMMANDS.has(command), message }
  }
  if (e.code && PERMANENT_CODES.has(e.code)) return { temporary: false, message }
  return { temporary: true, message }
}
