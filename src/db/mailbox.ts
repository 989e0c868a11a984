import type { Db } from './connection.js'

export interface MailboxSummary {
  id: number
  messageId: string
  from: string
  to: string
  subject: string
  createdAt: number
}

export interface MailboxMessage extends MailboxSummary {
  text: string
  raw: string
}

interface MailboxRow {
  id: number
  message_id: string
  from_address: string
  to_address: string
  subject: string
  created_at: number
  text_body?: string
  raw?: string
}

const toSummary = (row: MailboxRow): MailboxSummary => ({
  id: row.id,
  messageId: row.message_id,
  from: row.from_address,
  to: row.to_address,
  subject: row.subject,
  createdAt: row.created_at,
})

export interface NewMailboxMessage {
  userId: number
  messageId: string
  from: string
  to: string
  subject: string
  text: string
  raw: string
  /** What the message was sent for; equal for every attempt at sending the same message. */
  identity: string
}

/**
 * stored: a new message. duplicate: the same message again (a retry), kept once.
 * conflict: this user's mailbox already holds a different message under that Message-ID.
 */
export type MailboxDelivery = 'stored' | 'duplicate' | 'conflict'

/** Messages delivered by the local transport; each user reads only their own. */
export function mailboxRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO mailbox (user_id, message_id, from_address, to_address, subject, text_body, raw, message_identity, created_at)
     VALUES (@userId, @messageId, @from, @to, @subject, @text, @raw, @identity, @now)
     ON CONFLICT (user_id, message_id) DO NOTHING`,
  )
  const existing = db.prepare(
    'SELECT to_address, message_identity FROM mailbox WHERE user_id = @userId AND message_id = @messageId',
  )
  const list = db.prepare(
    `SELECT id, message_id, from_address, to_address, subject, created_at FROM mailbox
     WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?`,
  )
  const count = db.prepare('SELECT count(*) FROM mailbox WHERE user_id = ?').pluck()
  const get = db.prepare(
    `SELECT id, message_id, from_address, to_address, subject, created_at, text_body, raw FROM mailbox
     WHERE id = ? AND user_id = ?`,
  )

  return {
    deliver: db.transaction((message: NewMailboxMessage, now: number): MailboxDelivery => {
      if (insert.run({ ...message, now }).changes === 1) return 'stored'
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
      (list.all(userId, limit, offset) as MailboxRow[]).map(toSummary),
    count: (userId: number) => count.get(userId) as number,
    get: (userId: number, id: number): MailboxMessage | undefined => {
      const row = get.get(id, userId) as MailboxRow | undefined
      return row ? { ...toSummary(row), text: row.text_body ?? '', raw: row.raw ?? '' } : undefined
    },
  }
}

export type MailboxRepository = ReturnType<typeof mailboxRepository>
