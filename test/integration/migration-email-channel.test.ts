import { describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { databaseBefore } from '../helpers/oldDatabase.js'
import { adaInterviewRows } from '../helpers/oldRows.js'

const T = Date.UTC(2026, 2, 2, 12)

/** A database at migration 0015, as an install running the previous version had it. */
const before0016 = () => databaseBefore('0016').db

describe('migration 0016: e-mail becomes a delivery', () => {
  it('moves every reminder e-mail in flight, retrying, failed or sent to its e-mail delivery and leaves untried ones planned', () => {
    const db = before0016()
    adaInterviewRows(db, T, { kind: 'phone_screen', startsAt: T - 3_600_000, endsAt: T })
    const insert = db.prepare(
      `INSERT INTO reminders (id, user_id, interview_id, kind, lead, due_at, state, attempts, next_attempt_at,
         lease_until, last_error, message_id, sent_at, created_at, updated_at)
       VALUES (@id, 1, 1, @kind, @lead, @due, @state, @attempts, @next, @lease, @error, @messageId, @sentAt, ${T}, ${T})`,
    )
    const base = { lease: null, error: null, messageId: null, sentAt: null }
    insert.run({
      ...base,
      id: 1,
      kind: 'research',
      lead: 0,
      due: T,
      state: 'sent',
      attempts: 1,
      next: T,
      messageId: '<a@x>',
      sentAt: T,
    })
    insert.run({
      ...base,
      id: 2,
      kind: 'deadline',
      lead: 240,
      due: T,
      state: 'sending',
      attempts: 2,
      next: T,
      lease: T + 60_000,
    })
    insert.run({
      ...base,
      id: 3,
      kind: 'deadline',
      lead: 60,
      due: T,
      state: 'pending',
      attempts: 3,
      next: T + 240_000,
      error: '451 later',
    })
    insert.run({
      ...base,
      id: 4,
      kind: 'deadline',
      lead: 30,
      due: T,
      state: 'failed',
      attempts: 1,
      next: T,
      error: '550 no',
    })
    insert.run({
      ...base,
      id: 5,
      kind: 'overdue',
      lead: 0,
      due: T + 86_400_000,
      state: 'pending',
      attempts: 0,
      next: T + 86_400_000,
    })

    migrate(db)

    const deliveries = db
      .prepare(
        `SELECT reminder_id, channel, state, attempts, next_attempt_at, lease_until, last_error, message_id, sent_at
         FROM reminder_deliveries ORDER BY reminder_id`,
      )
      .all()
    expect(deliveries).toEqual([
      {
        reminder_id: 1,
        channel: 'email',
        state: 'sent',
        attempts: 1,
        next_attempt_at: T,
        lease_until: null,
        last_error: null,
        message_id: '<a@x>',
        sent_at: T,
      },
      {
        reminder_id: 2,
        channel: 'email',
        state: 'sending',
        attempts: 2,
        next_attempt_at: T,
        lease_until: T + 60_000,
        last_error: null,
        message_id: null,
        sent_at: null,
      },
      {
        reminder_id: 3,
        channel: 'email',
        state: 'pending',
        attempts: 3,
        next_attempt_at: T + 240_000,
        lease_until: null,
        last_error: '451 later',
        message_id: null,
        sent_at: null,
      },
      {
        reminder_id: 4,
        channel: 'email',
        state: 'failed',
        attempts: 1,
        next_attempt_at: T,
        lease_until: null,
        last_error: '550 no',
        message_id: null,
        sent_at: null,
      },
    ])
    // Handed off, except the one never tried: it is handed to every channel when it comes due.
    expect(db.prepare('SELECT id, state FROM reminders ORDER BY id').all()).toEqual([
      { id: 1, state: 'sent' },
      { id: 2, state: 'sent' },
      { id: 3, state: 'sent' },
      { id: 4, state: 'sent' },
      { id: 5, state: 'pending' },
    ])
    expect(db.prepare('SELECT email_enabled FROM reminder_settings').all()).toEqual([])
    db.close()
  })
})
