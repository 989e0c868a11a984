/**
 * Sending mail from Debrief: `app.mailer.send(mail)` composes and delivers one message through
 * SMTP (SMTP_URL) or into the in-app Mailbox, and rejects with a classified MailSendError.
 */
export { isSingleAddress } from '../domain/reminderSettings.js'
export { composeMail, type MailAddress, mailHost, type OutgoingMail, stableMessageId } from './compose.js'
export { classifyMailError, type MailFailure, MailSendError, MessageIdConflictError } from './errors.js'
export { createMailer, type Mailer, type MailerOptions, type SendOptions, type SentMail } from './mailer.js'
