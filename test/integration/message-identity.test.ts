import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { backupDatabase } from '../../src/cli/backup.js'
import { openDatabase } from '../../src/db/connection.js'
import { migrate } from '../../src/db/migrate.js'
import type { User } from '../../src/db/users.js'
import { migrationsDir } from '../../src/paths.js'
import { createTestApp, tempDir } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { deleteInterview, HOUR, insertInterview, MINUTE, reminderRow } from '../helpers/fixtures.js'
import { ada, pass, type ReminderCtx, reminderHarness } from '../helpers/reminderHarness.js'

const { cleanups, app, startPeer, sharedDir } = reminderHarness()

/** Logs an interview that ended now; its research nudge is due an hour later, and sent then. */
async function sendResearchNudge(ctx: ReminderCtx, user: User, company: string) {
  const interviewId = insertInterview(ctx.app, user.id, { company, endsAt: ctx.clock.now() })
  ctx.clock.advance(HOUR)
  expect(await pass(ctx)).toMatchObject({ claimed: 1, sent: 1 })
  const row = reminderRow(ctx.app, interviewId, 'research')
  expect(row.state).toBe('sent')
  return { interviewId, row }
}

/** A reminder id and interview id reused after a deletion: what used to repeat a Message-ID. */
async function deleteAndLogAgain(ctx: ReminderCtx, user: User) {
  const first = await sendResearchNudge(ctx, user, 'Acme')
  deleteInterview(ctx.app, first.interviewId)
  const second = await sendResearchNudge(ctx, user, 'Globex')
  expect(second.row.id).toBe(first.row.id)
  expect(second.interviewId).toBe(first.interviewId)
  expect(second.row.message_id).not.toBe(first.row.message_id)
  return { first, second }
}

describe('Message-IDs never repeat for different messages', () => {
  it('a reminder whose row id was reused still arrives in the Mailbox (no SMTP_URL)', async () => {
    const ctx = await app()
    expect(ctx.app.mailer.kind).toBe('local')
    const user = ada(ctx)
    const { first, second } = await deleteAndLogAgain(ctx, user)

    const messages = ctx.app.repos.mailbox.list(user.id)
    expect(messages.map((m) => m.subject).sort()).toEqual([
      'Research the questions you missed at Acme',
      'Research the questions you missed at Globex',
    ])
    expect(new Set(messages.map((m) => m.messageId))).toEqual(
      new Set([first.row.message_id, second.row.message_id]),
    )
    for (const id of [first.row.message_id, second.row.message_id])
      expect(id).toMatch(/^<reminder-\d+\.[0-9a-f]{32}@127\.0\.0\.1>$/)
  })

  it('over SMTP, the two reminders carry two different Message-IDs and both arrive', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const user = ada(ctx)
    const { first, second } = await deleteAndLogAgain(ctx, user)
    expect(peer.received.map((m) => [m.parsed.messageId, m.parsed.subject])).toEqual([
      [first.row.message_id, 'Research the questions you missed at Acme'],
      [second.row.message_id, 'Research the questions you missed at Globex'],
    ])
  })

  it('after a restored backup, reminders logged since carry Message-IDs never used for another message', async () => {
    const peer = await startPeer()
    const dataDir = sharedDir()
    const clock = new TestClock()
    let ctx = await createTestApp({ dataDir, clock, mailTransport: peer.url })
    cleanups.push(() => ctx.close())
    const user = ada(ctx)
    await sendResearchNudge(ctx, user, 'Before Backup Co')
    const backup = join(tempDir(), 'backup.sqlite')
    cleanups.unshift(() => rmSync(backup, { force: true }))
    await backupDatabase(ctx.app.db, backup)
    // After the backup: reminders sent from rows (and ids) the restore will forget.
    const lost = await sendResearchNudge(ctx, user, 'After Backup Co')
    deleteInterview(ctx.app, lost.interviewId)
    await sendResearchNudge(ctx, user, 'Also Forgotten Co')
    await ctx.close()

    const live = join(dataDir, 'debrief.sqlite')
    copyFileSync(backup, live)
    for (const suffix of ['-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true })
    ctx = await createTestApp({ dataDir, clock, mailTransport: peer.url })
    cleanups.push(() => ctx.close())
    await sendResearchNudge(ctx, user, 'After Restore Co')
    await sendResearchNudge(ctx, user, 'Later Co')

    expect(peer.received).toHaveLength(5)
    const subjectsById = new Map<string, Set<string>>()
    for (const mail of peer.received) {
      const id = mail.parsed.messageId!
      subjectsById.set(id, (subjectsById.get(id) ?? new Set()).add(mail.parsed.subject ?? ''))
    }
    // One Message-ID, one message: five different reminders, five different ids.
    expect(subjectsById.size).toBe(5)
    for (const subjects of subjectsById.values()) expect(subjects.size).toBe(1)
  })

  it('the Mailbox keeps one copy of a true retry, even though its "time left" text changed', async () => {
    const ctx = await app()
    const user = ada(ctx, { leads: [240], researchEnabled: false, overdueEnabled: false, quietHours: null })
    const interviewId = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, interviewId, 'deadline', 240).due_at
    ctx.clock.set(due)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    const [delivered] = ctx.app.repos.mailbox.list(user.id)
    expect(delivered!.subject).toMatch(/^4 h left to follow up with Acme/)

    // As after a crash between the delivery and recording it: the row is sent again later.
    const row = reminderRow(ctx.app, interviewId, 'deadline', 240)
    ctx.app.db
      .prepare(
        "UPDATE reminder_deliveries SET state = 'pending', sent_at = NULL, message_id = NULL WHERE reminder_id = ? AND channel = 'email'",
      )
      .run(row.id)
    ctx.clock.advance(10 * MINUTE)
    expect(await pass(ctx)).toMatchObject({ sent: 1, failed: 0 })
    expect(reminderRow(ctx.app, interviewId, 'deadline', 240)).toMatchObject({
      state: 'sent',
      message_id: row.message_id,
    })
    expect(ctx.app.repos.mailbox.list(user.id)).toEqual([delivered])
  })

  it('a different message under a Message-ID the Mailbox already holds fails loudly, and its retry arrives', async () => {
    const ctx = await app()
    const user = ada(ctx)
    const first = await sendResearchNudge(ctx, user, 'Acme')
    deleteInterview(ctx.app, first.interviewId)
    // Reused row id and interview id, and the deleted row's key forced onto the new row, as a
    // restore of mismatched files could leave them: the same Message-ID for another message.
    const interviewId = insertInterview(ctx.app, user.id, { company: 'Globex', endsAt: ctx.clock.now() })
    const reused = reminderRow(ctx.app, interviewId, 'research')
    expect(reused.id).toBe(first.row.id)
    const firstKey = /^<reminder-\d+\.([0-9a-f]{32})@/.exec(first.row.message_id!)![1]
    ctx.app.db.prepare('UPDATE reminders SET message_key = ? WHERE id = ?').run(firstKey, reused.id)

    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ claimed: 1, sent: 0, failed: 1 })
    const failed = reminderRow(ctx.app, interviewId, 'research')
    expect(failed.state).toBe('failed')
    expect(failed.sent_at).toBeNull()
    expect(failed.last_error).toContain(
      `the Mailbox already holds a different message with Message-ID ${first.row.message_id}`,
    )
    expect(ctx.app.repos.mailbox.count(user.id)).toBe(1)

    expect(ctx.app.repos.reminders.retry(user.id, failed.id, ctx.clock.now())).toBe(interviewId)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    const sent = reminderRow(ctx.app, interviewId, 'research')
    expect(sent.state).toBe('sent')
    expect(sent.message_id).not.toBe(first.row.message_id)
    expect(
      ctx.app.repos.mailbox
        .list(user.id)
        .map((m) => [m.messageId, m.subject])
        .sort(),
    ).toEqual(
      [
        [first.row.message_id, 'Research the questions you missed at Acme'],
        [sent.message_id, 'Research the questions you missed at Globex'],
      ].sort(),
    )
  })

  it('migration 0007 gives existing reminders random keys, and rows written without one get one', () => {
    const dir = join(sharedDir(), 'migrations')
    mkdirSync(dir)
    cpSync(migrationsDir, dir, { recursive: true })
    rmSync(join(dir, '0007_message_keys.sql'))
    const db = openDatabase(join(sharedDir(), 'old.sqlite'))
    cleanups.push(() => {
      db.close()
    })
    migrate(db, dir)
    db.exec(`INSERT INTO users (id, email, name, password_hash, time_zone, created_at, updated_at)
               VALUES (1, 'ada@example.com', 'Ada', 'x', 'UTC', 0, 0);
             INSERT INTO interviews (id, user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
               VALUES (1, 1, 'Acme', 'Dev', 'technical', 0, 3600000, 'UTC', 0, 0)`)
    const insert = db.prepare(
      `INSERT INTO reminders (user_id, interview_id, kind, lead, due_at, next_attempt_at, created_at, updated_at)
       VALUES (1, 1, ?, ?, 7200000, 7200000, 0, 0)`,
    )
    insert.run('research', 0)
    insert.run('deadline', 240)
    migrate(db)
    insert.run('overdue', 0)
    const keys = db.prepare('SELECT message_key FROM reminders ORDER BY id').pluck().all() as string[]
    expect(keys).toHaveLength(3)
    for (const key of keys) expect(key).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(keys).size).toBe(3)
    expect(() => db.prepare('UPDATE reminders SET message_key = ? WHERE id = 2').run(keys[0])).toThrow(
      /UNIQUE/,
    )
  })
})
