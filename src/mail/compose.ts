import { randomUUID } from 'node:crypto'
import type { SendMailOptions } from 'nodemailer'
import { isSingleAddress } from '../domain/emailAddress.js'

export interface MailAddress {
  name?: string
  address: string
}

/** A message Debrief sends on behalf of one user, to exactly one recipient. */
export interface OutgoingMail {
  /** The user the message belongs to: a locally delivered copy appears in this user's Mailbox. */
  userId: number
  to: MailAddress
  subject: string
  text: string
  html?: string
  /**
   * "<local@host>". Pass the same id when a message may be sent again (a retry after an
   * unclear failure) so that recipients and mail clients recognise the copies as one message.
   * Generated when absent.
   */
  messageId?: string
  /**
   * What this message is, the same for every attempt at sending it (a reminder: its row and
   * interview), while subject and text may differ between attempts ("3 h left"). The local
   * Mailbox keeps a second delivery under the same Message-ID as a retry only when recipient
   * and identity match, and refuses it otherwise. Defaults to subject and text.
   */
  identity?: string
  replyTo?: MailAddress
  /**
   * A display name for MAIL_FROM's address ("Ada Lovelace via Debrief"), for a message sent on
   * the user's behalf. The address stays MAIL_FROM's: only that one may send for this server.
   */
  fromName?: string
  inReplyTo?: string
  references?: string[]
  /** Extra headers such as Auto-Submitted; values are encoded, never interpreted. */
  headers?: Record<string, string>
}

/** The host part of Message-IDs: BASE_URL's host, so ids are unique per installation. */
export function mailHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname.replace(/^\[|\]$/g, '') || 'localhost'
  } catch {
    return 'localhost'
  }
}

/**
 * A stable Message-ID for something with an id: every send of it carries the same id. The id
 * must never repeat for a different message, so a row id (which SQLite reuses after deletions)
 * only serves together with the row's random key: `${id}.${key}`.
 */
export function stableMessageId(prefix: string, id: number | string, baseUrl: string): string {
  return `<${prefix}-${id}@${mailHost(baseUrl)}>`
}

/**
 * The one place a message is turned into nodemailer's composition input, for every transport,
 * so a message stored in the local mailbox is byte-for-byte what SMTP would have carried.
 * The envelope is explicit: the message goes to `to` and nobody else, whatever the headers say.
 */
/** The bare address of MAIL_FROM ("Debrief <debrief@example.com>" → "debrief@example.com"). */
export function fromAddress(from: string): string {
  return (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim()
}

export function composeMail(
  mail: OutgoingMail,
  mailFrom: string,
  baseUrl: string,
  date?: Date,
): SendMailOptions {
  const from = mail.fromName ? { name: mail.fromName, address: fromAddress(mailFrom) } : mailFrom
  if (!isSingleAddress(mail.to.address)) {
    throw new Error(`Cannot send mail to "${mail.to.address}": the recipient must be one e-mail address.`)
  }
  const messageId = mail.messageId ?? `<${randomUUID()}@${mailHost(baseUrl)}>`
  return {
    from,
    to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
    envelope: { from: mailFrom, to: [mail.to.address] },
    subject: mail.subject,
    text: mail.text,
    ...(mail.html === undefined ? {} : { html: mail.html }),
    messageId,
    ...(date ? { date } : {}),
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    ...(mail.inReplyTo ? { inReplyTo: mail.inReplyTo } : {}),
    ...(mail.references ? { references: mail.references } : {}),
    headers: mail.headers ?? {},
    // Never read files or URLs named in a message: its content comes from user data.
    disableFileAccess: true,
    disableUrlAccess: true,
  }
}
