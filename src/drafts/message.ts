import MailComposer from 'nodemailer/lib/mail-composer'
import { draftHtml, headerSafe, isSingleAddress } from '../domain/drafts.js'
import type { OutgoingMail } from '../mail/index.js'

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

/** The note as Debrief sends it: from MAIL_FROM (set by the mailer), replies to the user. */
export function draftMail(input: DraftMessageInput): OutgoingMail {
  const to = address(input.interviewer, 'interviewer.email', 'The interviewer')
  const user = address(input.user, 'user.email', 'Your account')
  const text = lines(input.body)
  return {
    userId: input.userId,
    to,
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
  const text = `Your copy: Debrief sent the note below to ${to.name ? `${to.name} <${to.address}>` : to.address}. Replies go to ${user.address}.\n\n${lines(input.body)}`
  return {
    userId: input.userId,
    to: user,
    subject: headerSafe(input.subject),
    text,
    html: draftHtml(text),
    messageId: copyMessageId,
    references: [input.messageId],
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
