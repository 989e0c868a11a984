import { rmSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { TestClock } from '../helpers/clock.js'
import { mailOf } from '../helpers/coachMail.js'
import { databaseBefore } from '../helpers/oldDatabase.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'

const harness = reminderHarness()
const T = Date.UTC(2026, 3, 2, 12)
const HOUR = 3_600_000

const indexes = (db: { prepare: (sql: string) => { pluck: () => { all: () => unknown[] } } }) =>
  db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'reminder_deliveries' AND sql IS NOT NULL ORDER BY name",
    )
    .pluck()
    .all()

/** A coach (1) linked to a candidate (2) with a follow-up due in 11 hours, a reminder and a study reminder delivered. */
function seedBefore0019() {
  const { db, dataDir } = databaseBefore('0019')
  harness.cleanups.unshift(() => rmSync(dataDir, { recursive: true, force: true }))
  const user = db.prepare(
    `INSERT INTO users (id, email, name, password_hash, time_zone, created_at, updated_at)
     VALUES (?, ?, ?, 'x', 'UTC', ${T}, ${T})`,
  )
  user.run(1, 'carla@example.com', 'Carla Coach')
  user.run(2, 'nia@example.com', 'Nia Long')
  db.prepare(`INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (2, 1, ${T})`).run()
  db.prepare(
    `INSERT INTO interviews (id, user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
     VALUES (1, 2, 'Acme', 'Analyst', 'phone_screen', ?, ?, 'UTC', ${T}, ${T})`,
  ).run(T - 14 * HOUR, T - 13 * HOUR)
  db.prepare(
    `INSERT INTO reminders (id, user_id, interview_id, kind, lead, due_at, state, attempts, next_attempt_at, sent_at,
       message_key, created_at, updated_at)
     VALUES (1, 2, 1, 'research', 0, ${T - HOUR}, 'sent', 1, ${T - HOUR}, ${T - HOUR}, 'rk', ${T}, ${T})`,
  ).run()
  db.prepare(
    `INSERT INTO study_nudges (id, user_id, local_date, due_at, state, attempts, next_attempt_at, message_key, sent_at,
       created_at, updated_at)
     VALUES (1, 2, '2026-04-01', ${T - 24 * HOUR}, 'sent', 1, ${T - 24 * HOUR}, 'nk', ${T - 24 * HOUR}, ${T}, ${T})`,
  ).run()
  const delivery = db.prepare(
    `INSERT INTO reminder_deliveries (id, reminder_id, nudge_id, user_id, channel, target, due_at, state, attempts,
       next_attempt_at, sent_at, message_key, message_id, created_at, updated_at)
     VALUES (@id, @reminderId, @nudgeId, 2, @channel, @target, ${T - HOUR}, @state, 1, ${T - HOUR}, ${T - HOUR}, @key, @messageId, ${T}, ${T})`,
  )
  delivery.run({
    id: 7,
    reminderId: 1,
    nudgeId: null,
    channel: 'email',
    target: '',
    state: 'sent',
    key: 'd7',
    messageId: '<reminder-1.rk@x>',
  })
  delivery.run({
    id: 8,
    reminderId: 1,
    nudgeId: null,
    channel: 'webhook',
    target: '',
    state: 'failed',
    key: 'd8',
    messageId: null,
  })
  delivery.run({
    id: 9,
    reminderId: null,
    nudgeId: 1,
    channel: 'email',
    target: '',
    state: 'sent',
    key: 'd9',
    messageId: '<study-nk@x>',
  })
  const mail = db.prepare(
    `INSERT INTO coach_mail (id, coach_id, kind, local_date, due_at, state, attempts, next_attempt_at, message_key,
       message_id, item_count, sent_at, created_at, updated_at)
     VALUES (@id, 1, 'digest', @date, @due, @state, @attempts, @due, @key, @messageId, @items, @sentAt, ${T}, ${T})`,
  )
  // Yesterday's digest went as an e-mail: history. Today's has not been tried yet.
  mail.run({
    id: 1,
    date: '2026-04-01',
    due: T - 24 * HOUR,
    state: 'sent',
    attempts: 1,
    key: 'm1',
    messageId: '<coach-digest-m1@x>',
    items: 2,
    sentAt: T - 24 * HOUR,
  })
  mail.run({
    id: 2,
    date: '2026-04-02',
    due: T,
    state: 'pending',
    attempts: 0,
    key: 'm2',
    messageId: null,
    items: null,
    sentAt: null,
  })
  const before = indexes(db)
  db.close()
  return { dataDir, before }
}

describe('migration 0019: the coach’s mail goes through the reminder channels', () => {
  it('keeps every delivery and index, leaves sent coach mail as history and hands pending coach mail to the channels', async () => {
    const { dataDir, before } = seedBefore0019()
    const ctx = await harness.app({ dataDir, clock: new TestClock(T) })
    const db = ctx.app.db
    expect(indexes(db)).toEqual([...(before as string[]), 'reminder_deliveries_by_coach_mail'].sort())
    expect(
      db
        .prepare(
          'SELECT id, reminder_id, nudge_id, coach_mail_id, channel, state, message_key, message_id FROM reminder_deliveries ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        id: 7,
        reminder_id: 1,
        nudge_id: null,
        coach_mail_id: null,
        channel: 'email',
        state: 'sent',
        message_key: 'd7',
        message_id: '<reminder-1.rk@x>',
      },
      {
        id: 8,
        reminder_id: 1,
        nudge_id: null,
        coach_mail_id: null,
        channel: 'webhook',
        state: 'failed',
        message_key: 'd8',
        message_id: null,
      },
      {
        id: 9,
        reminder_id: null,
        nudge_id: 1,
        coach_mail_id: null,
        channel: 'email',
        state: 'sent',
        message_key: 'd9',
        message_id: '<study-nk@x>',
      },
    ])
    // A delivery is of exactly one thing.
    expect(() =>
      db
        .prepare(
          `INSERT INTO reminder_deliveries (reminder_id, coach_mail_id, user_id, channel, due_at, next_attempt_at, message_key, created_at, updated_at)
           VALUES (1, 2, 1, 'push', ${T}, ${T}, 'both', ${T}, ${T})`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/)

    await pass(ctx)
    expect(
      db
        .prepare('SELECT id, state, message_id, item_count FROM coach_mail WHERE id IN (1, 2) ORDER BY id')
        .all(),
    ).toEqual([
      { id: 1, state: 'sent', message_id: '<coach-digest-m1@x>', item_count: 2 },
      { id: 2, state: 'sent', message_id: null, item_count: 1 },
    ])
    expect(
      db
        .prepare(
          'SELECT coach_mail_id, channel, state FROM reminder_deliveries WHERE coach_mail_id IS NOT NULL',
        )
        .all(),
    ).toEqual([{ coach_mail_id: 2, channel: 'email', state: 'sent' }])
    expect(mailOf(ctx, 1, 'coach-digest').map((m) => m.subject)).toEqual([
      'Your candidates today: 1 follow-up due soon',
    ])
  })
})
