import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer'
import type { Clock } from '../clock.js'
import type { MailboxRepository } from '../db/mailbox.js'
import { composeMail, type OutgoingMail } from './compose.js'
import { classifyMailError, MailSendError, MessageIdConflictError } from './errors.js'

export interface SentMail {
  messageId: string
  /** The server's final answer (SMTP) or where the message went (local mailbox). */
  response: string
}

export interface SendOptions {
  /** Aborts the send (the message may still have reached the server). */
  signal?: AbortSignal
}

export interface Mailer {
  /** smtp: SMTP_URL or an injected URL; local: the in-app mailbox; custom: an injected transporter. */
  readonly kind: 'smtp' | 'local' | 'custom'
  /**
   * Composes and sends one message. Resolves once the server (or the mailbox) accepted it;
   * rejects with a MailSendError whose `temporary` says whether a retry can succeed.
   * Every send is bounded by the mailer's send timeout.
   */
  send(mail: OutgoingMail, options?: SendOptions): Promise<SentMail>
  close(): void
}

export interface MailerOptions {
  /** A nodemailer transporter or an smtp(s):// URL; undefined → the local mailbox. */
  transport: Transporter | string | undefined
  mailbox: MailboxRepository
  clock: Clock
  from: string
  baseUrl: string
  /** Connection, greeting and socket timeouts of the SMTP client. */
  smtpTimeoutMs: number
  /** Upper bound for one whole send, including waiting for a pooled connection. */
  sendTimeoutMs: number
}

function smtpTransport(url: string, timeoutMs: number): Transporter {
  // Options in the URL's query (e.g. ?socketTimeout=500) override these, which tests rely on.
  return nodemailer.createTransport({
    url,
    pool: true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    // Retries belong to the durable reminder schedule, which counts and spaces them; the pool's
    // own requeue would resend a message whose connection dropped after DATA several times.
    maxRequeues: 0,
    logger: false,
  })
}

function headerText(value: SendMailOptions['to']): string {
  if (!value) return ''
  if (typeof value === 'string') return value
  if (Array.isArray(value)) return value.map((v) => headerText(v)).join(', ')
  return value.name ? `${value.name} <${value.address ?? ''}>` : (value.address ?? '')
}

export function createMailer(options: MailerOptions): Mailer {
  const { transport, mailbox, clock } = options
  const kind: Mailer['kind'] =
    transport === undefined ? 'local' : typeof transport === 'string' ? 'smtp' : 'custom'
  const transporter: Transporter =
    transport === undefined
      ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      : typeof transport === 'string'
        ? smtpTransport(transport, options.smtpTimeoutMs)
        : transport

  async function send(mail: OutgoingMail, sendOptions: SendOptions = {}): Promise<SentMail> {
    let composed: SendMailOptions
    try {
      composed = composeMail(mail, options.from, options.baseUrl, new Date(clock.now()))
    } catch (error) {
      throw new MailSendError({ temporary: false, message: (error as Error).message }, error)
    }
    const timeout = AbortSignal.timeout(options.sendTimeoutMs)
    const signal = sendOptions.signal ? AbortSignal.any([sendOptions.signal, timeout]) : timeout
    let info: { messageId?: string; response?: string; message?: unknown }
    try {
      info = (await transporter.sendMail({ ...composed, signal })) as typeof info
    } catch (error) {
      const failure = classifyMailError(error)
      if (timeout.aborted)
        failure.message = `gave up after ${options.sendTimeoutMs / 1000} s: ${failure.message}`
      throw new MailSendError(failure, error)
    }
    const messageId = String(composed.messageId)
    if (kind === 'local') {
      const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : String(info.message ?? '')
      const delivery = mailbox.deliver(
        {
          userId: mail.userId,
          messageId,
          from: headerText(composed.from),
          to: headerText(composed.to),
          subject: mail.subject,
          text: mail.text,
          html: mail.html ?? '',
          raw,
          identity: mail.identity ?? `${mail.subject}\n${mail.text}`,
        },
        clock.now(),
      )
      if (delivery === 'conflict') throw new MessageIdConflictError(messageId)
      return {
        messageId,
        response: delivery === 'stored' ? 'stored in the local mailbox' : 'already in the local mailbox',
      }
    }
    return { messageId, response: typeof info.response === 'string' ? info.response : '' }
  }

  return {
    kind,
    send,
    // An injected transporter belongs to whoever injected it.
    close: () => {
      if (kind !== 'custom') transporter.close()
    },
  }
}
