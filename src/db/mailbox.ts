import type { Db } from './connection.js'
import { byLimit } from './limitedStatements.js'

export interface MailboxSummary {
  id: number
  messageId: string
  from: string
  to: string
  subject: string
  createdAt: number
  /** When the user opened the message; null while unread. */
  readAt: number | null
}

export interface MailboxMessage extends MailboxSummary {
  text: string
  /** The HTML part as composed, unsanitized; '' for a text-only message. */
  html: string
  raw: string
}

interface MailboxRow {
  id: number
  message_id: string
  from_address: string
  to_address: string
  subject: string
  created_at: number
  read_at: number | null
  text_body?: string
  html_body?: string
  raw?: string
}

const toSummary = (row: MailboxRow): MailboxSummary => ({
  id: row.id,
  messageId: row.message_id,
  from: row.from_address,
  to: row.to_address,
  subject: row.subject,
  createdAt: row.created_at,
  readAt: row.read_at,
})

export interface NewMailboxMessage {
  userId: number
  messageId: string
  from: string
  to: string
  subject: string
  text: string
  /** The HTML part, if the message has one. */
  html?: string
  raw: string
  /** What the message was sent for; equal for every attempt at sending the same message. */
  identity: string
}

/**
 * stored: a new message. duplicate: the same message again (a retry), kept once.
 * conflict: this user's mailbox already holds a different message under that Message-ID.
 */
export type MailboxDelivery = 'stored' | 'duplicate' | 'conflict'

/** SQL whose query plan the tests check: the nav runs it on every page view. */
export const MAILBOX_SQL = {
  unreadCount: 'SELECT count(*) FROM mailbox WHERE user_id = ? AND read_at IS NULL',
}

/** Messages delivered by the local transport; each user reads only their own. */
export function mailboxRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO mailbox (user_id, message_id, from_address, to_address, subject, text_body, html_body, raw, message_identity, created_at)
     VALUES (@userId, @messageId, @from, @to, @subject, @text, @html, @raw, @identity, @now)
     ON CONFLICT (user_id, message_id) DO NOTHING`,
  )
  const existing = db.prepare(
    'SELECT to_address, message_identity FROM mailbox WHERE user_id = @userId AND message_id = @messageId',
  )
  const SUMMARY = 'SELECT id, message_id, from_address, to_address, subject, created_at, read_at FROM mailbox'
  const list = byLimit((limit) =>
    db.prepare(`${SUMMARY} WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ${limit} OFFSET ?`),
  )
  const count = db.prepare('SELECT count(*) FROM mailbox WHERE user_id = ?').pluck()
  const get = db.prepare(
    `SELECT id, message_id, from_address, to_address, subject, created_at, read_at, text_body, html_body, raw
     FROM mailbox WHERE id = ? AND user_id = ?`,
  )
  const unreadCount = db.prepare(MAILBOX_SQL.unreadCount).pluck()
  const unreadList = byLimit((limit) =>
    db.prepare(
      `${SUMMARY} WHERE user_id = ? AND read_at IS NULL ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    ),
  )
  // Reminders carry Message-IDs made by stableMessageId('reminder', …).
  const unreadReminders = byLimit((limit) =>
    db.prepare(
      `${SUMMARY} WHERE user_id = ? AND read_at IS NULL AND message_id LIKE '<reminder-%'
       ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
    ),
  )
  const unreadReminderCount = db
    .prepare(
      `SELECT count(*) FROM mailbox WHERE user_id = ? AND read_at IS NULL AND message_id LIKE '<reminder-%'`,
    )
    .pluck()
  const markRead = db.prepare(
    'UPDATE mailbox SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL',
  )
  const markAllRead = db.prepare('UPDATE mailbox SET read_at = ? WHERE user_id = ? AND read_at IS NULL')

  return {
    deliver: db.transaction((message: NewMailboxMessage, now: number): MailboxDelivery => {
      if (insert.run({ html: '', ...message, now }).changes === 1) return 'stored'
      const held = existing.get({ userId: message.userId, messageId: message.messageId }) as {
        to_address: string
        message_identity: string | null
      }
      // A retry is the same message to the same person; a different one must not vanish under its id.
      return held.to_address === message.to && held.message_identity === message.identity
        ? 'duplicate'
        : 'conflict'
    }),
    list: (userId: number, limit = 50, offset = 0) =>
      (list(limit).all(userId, offset) as MailboxRow[]).map(toSummary),
    count: (userId: number) => count.get(userId) as number,
    get: (userId: number, id: number): MailboxMessage | undefined => {
      const row = get.get(id, userId) as MailboxRow | undefined
      return row
        ? { ...toSummary(row), text: row.text_body ?? '', html: row.html_body ?? '', raw: row.raw ?? '' }
        : undefined
    },
    unreadCount: (userId: number) => unreadCount.get(userId) as number,
    /** The newest unread messages, at most `limit`. */
    unread: (userId: number, limit = 5) => (unreadList(limit).all(userId) as MailboxRow[]).map(toSummary),
    /** The newest unread reminders, at most `limit`, and how many there are in all. */
    unreadReminders: (userId: number, limit = 3) => ({
      messages: (unreadReminders(limit).all(userId) as MailboxRow[]).map(toSummary),
      total: unreadReminderCount.get(userId) as number,
    }),
    /** true when the message was unread and is read now; false when it was read already or is not this user's. */
    markRead: (userId: number, id: number, now: number) => markRead.run(now, id, userId).changes === 1,
    /** How many messages were marked read. */
    markAllRead: (userId: number, now: number) => markAllRead.run(now, userId).changes,
  }
}

export type MailboxRepository = ReturnType<typeof mailboxRepository>
