import MailComposer from 'nodemailer/lib/mail-composer'
import { headerSafe, isSingleAddress } from '../../domain/draftChecks.js'
import { draftHtml } from '../../mail/draftTemplates.js'
import type { OutgoingMail } from '../../mail/index.js'

export interface Person {
  name: string
  email: string
}

export interface DraftMessageInput {
  userId: number
  subject: string
  body: string
  /** Stable for the draft: every attempt, and the downloaded file, carry the same one. */
  messageId: string
  interviewer: Person
  user: Person
}

export class RecipientError extends Error {
  constructor(
    message: string,
    readonly field: 'interviewer.email' | 'user.email',
  ) {
    super(message)
    this.name = 'RecipientError'
  }
}

function address(person: Person, field: RecipientError['field'], who: string) {
  const email = person.email.trim()
  if (!isSingleAddress(email)) {
    throw new RecipientError(
      email === ''
        ? `${who} has no email address.`
        : `${who}'s email address is not one plain address like name@example.com.`,
      field,
    )
  }
  // The display name is the only free text in an address header: kept on one line and
  // encoded by nodemailer, it can neither end the header nor add a recipient.
  return { name: headerSafe(person.name), address: email }
}

const lines = (text: string) => text.replace(/\r\n?/g, '\n')

/**
 * The name the interviewer sees as the sender. Only the name is the user's: the address is
 * MAIL_FROM's, because a server that may send for MAIL_FROM's domain may not send as the
 * user's own address (receiving servers would reject or junk it).
 */
export const senderName = (user: Person) => `${headerSafe(user.name).trim() || 'A candidate'} via Debrief`

/** The note as Debrief sends it: "<user> via Debrief" at MAIL_FROM's address, replies to the user. */
export function draftMail(input: DraftMessageInput): OutgoingMail {
  const to = address(input.interviewer, 'interviewer.email', 'The interviewer')
  const user = address(input.user, 'user.email', 'Your account')
  const text = lines(input.body)
  return {
    userId: input.userId,
    to,
    fromName: senderName(input.user),
    replyTo: user,
    subject: headerSafe(input.subject),
    text,
    html: draftHtml(text),
    messageId: input.messageId,
  }
}

/**
 * The user's copy of a note Debrief sent. A separate message rather than a Bcc: the mailer
 * delivers every message to exactly one recipient, which is what keeps a header trick from
 * ever adding one.
 */
export function copyMail(input: DraftMessageInput, copyMessageId: string): OutgoingMail {
  const to = address(input.interviewer, 'interviewer.email', 'The interviewer')
  const user = address(input.user, 'user.email', 'Your account')
  return copyOf(
    input.userId,
    { name: to.name, email: to.address },
    { name: user.name, email: user.address },
    input.subject,
    input.body,
    copyMessageId,
    input.messageId,
  )
}

/** The user's copy, from the parts a queued send stored. */
export function copyOf(
  userId: number,
  to: Person,
  user: Person,
  subject: string,
  body: string,
  copyMessageId: string,
  messageId: string,
): OutgoingMail {
  const text = `Your copy: Debrief sent the note below to ${to.name ? `${to.name} <${to.email}>` : to.email}. Replies go to ${user.email}.\n\n${lines(body)}`
  return {
    userId,
    to: { name: user.name, address: user.email },
    subject: headerSafe(subject),
    text,
    html: draftHtml(text),
    messageId: copyMessageId,
    references: [messageId],
  }
}

/** RFC 5322 text of the note from the user to the interviewer, to open and send in a mail program. */
export function draftEml(input: DraftMessageInput, date: Date): Promise<Buffer> {
  const to = address(input.interviewer, 'interviewer.email', 'The interviewer')
  const user = address(input.user, 'user.email', 'Your account')
  const text = lines(input.body)
  return new MailComposer({
    from: user,
    to,
    subject: headerSafe(input.subject),
    text,
    html: draftHtml(text),
    messageId: input.messageId,
    date,
    // Outlook and Apple Mail open a file with this header as a message ready to send.
    headers: { 'X-Unsent': '1' },
    disableFileAccess: true,
    disableUrlAccess: true,
  })
    .compile()
    .build()
}
