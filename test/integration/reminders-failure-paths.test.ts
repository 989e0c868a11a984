import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { HOUR, insertInterview, reminderRow, setReminderSettings } from '../helpers/fixtures.js'
import { pass, reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { cleanups, app, startPeer } = reminderHarness()
const GIVE_UP_MS = 48 * HOUR

describe('reminder failure paths', () => {
  it('gives up after 48 h of temporary failures: failed with the last error, and no attempt after that', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    // The overdue notice is the one reminder that outlives the deadline, so it can retry for 48 h.
    const user = reminderUser(
      ctx.app,
      { email: 'ada@example.com' },
      { leads: [], researchEnabled: false, overdueEnabled: true, quietHours: null },
    )
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    const due = reminderRow(ctx.app, id, 'overdue').due_at
    const refusal = {
      kind: 'reject',
      code: 451,
      message: 'Greylisted, try again later',
      stage: 'data',
    } as const
    peer.next(...Array.from({ length: 300 }, () => refusal))

    ctx.clock.set(due)
    let lastRetryAt = 0
    for (let i = 0; i < 300; i++) {
      const result = await pass(ctx)
      const row = reminderRow(ctx.app, id, 'overdue')
      if (row.state !== 'pending') break
      expect(result).toMatchObject({ claimed: 1, retrying: 1 })
      expect(ctx.clock.now() - due).toBeLessThan(GIVE_UP_MS)
      expect(row.last_error).toContain('451')
      lastRetryAt = ctx.clock.now()
      ctx.clock.set(row.next_attempt_at)
    }
    const failed = reminderRow(ctx.app, id, 'overdue')
    expect(failed.state).toBe('failed')
    // The attempt that gave up was the first one at or after 48 h; the one before was still retried.
    expect(ctx.clock.now() - due).toBeGreaterThanOrEqual(GIVE_UP_MS)
    expect(lastRetryAt - due).toBeLessThan(GIVE_UP_MS)
    expect(failed.attempts).toBe(peer.attempts)
    expect(failed.attempts).toBeGreaterThan(90)
    expect(failed.last_error).toMatch(
      new RegExp(`^Gave up after ${failed.attempts} attempts: 451\\b.*Greylisted, try again later$`),
    )
    expect(failed.sent_at).toBeNull()

    const attempts = peer.attempts
    for (let i = 0; i < 10; i++) {
      ctx.clock.advance(6 * HOUR)
      expect((await pass(ctx)).claimed).toBe(0)
    }
    expect(peer.attempts).toBe(attempts)
    expect(reminderRow(ctx.app, id, 'overdue')).toMatchObject({ state: 'failed', attempts })
    expect(peer.received).toHaveLength(0)
  })

  it('fails a reminder whose stored address is not one e-mail address, with a message naming it, and still sends the others', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url })
    const ada = reminderUser(ctx.app, { email: 'ada@example.com' })
    const bob = reminderUser(ctx.app, { email: 'bob@example.com' })
    // Saved before the settings form checked it, or edited by hand: read only at send time.
    ctx.app.db
      .prepare('UPDATE reminder_settings SET email = ? WHERE user_id = ?')
      .run('ada@example.com, eve@example.com', ada.id)
    const adas = insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now(), company: 'Ada Corp' })
    const bobs = insertInterview(ctx.app, bob.id, { endsAt: ctx.clock.now(), company: 'Bob Corp' })

    ctx.clock.advance(HOUR)
    expect(await pass(ctx)).toMatchObject({ claimed: 2, sent: 1, failed: 1 })
    const failed = reminderRow(ctx.app, adas, 'research')
    expect(failed.state).toBe('failed')
    expect(failed.last_error).toContain('"ada@example.com, eve@example.com"')
    expect(failed.last_error).toContain('one e-mail address')
    expect(reminderRow(ctx.app, bobs, 'research').state).toBe('sent')
    // Nothing reached the server for Ada: the message was refused before it left.
    expect(peer.attempts).toBe(1)
    expect(peer.received.map((m) => m.envelope.to)).toEqual([['bob@example.com']])

    ctx.clock.advance(HOUR)
    expect((await pass(ctx)).claimed).toBe(0)
    // Once the address is fixed, Retry sends it.
    setReminderSettings(ctx.app, ada.id, { email: null })
    expect(ctx.app.repos.reminders.retry(ada.id, failed.id, ctx.clock.now())).toBe(adas)
    expect(await pass(ctx)).toMatchObject({ sent: 1 })
    expect(peer.received.map((m) => m.envelope.to)).toEqual([['bob@example.com'], ['ada@example.com']])
  })

  it('backs off after a pass fails on a locked database, then recovers on its own timer', async () => {
    const peer = await startPeer()
    const ctx = await app({ mailTransport: peer.url, scheduler: { cron: false, precisionTimer: true } })
    await ctx.app.reminderDispatcher.whenIdle()
    const user = reminderUser(ctx.app, { email: 'ada@example.com' })
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.advance(HOUR)

    // Another process (a backup, an admin's sqlite3 shell) holds the write lock.
    const other = new Database(ctx.app.db.name)
    cleanups.push(() => {
      if (other.inTransaction) other.exec('ROLLBACK')
      other.close()
    })
    other.exec('BEGIN IMMEDIATE')
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    cleanups.push(() => {
      vi.useRealTimers()
    })
    await expect(pass(ctx)).rejects.toThrow(/locked/)
    expect(ctx.app.reminderDispatcher.lastPassError).toMatch(/locked/)
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'pending', attempts: 0 })
    other.exec('ROLLBACK')

    // The reminder is due now, yet the next pass waits 5 s instead of retrying at once.
    vi.advanceTimersByTime(4_999)
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'pending', attempts: 0 })
    vi.advanceTimersByTime(1)
    expect(reminderRow(ctx.app, id, 'research').state).toBe('sending')
    vi.useRealTimers()
    await ctx.app.reminderDispatcher.whenIdle()
    expect(reminderRow(ctx.app, id, 'research')).toMatchObject({ state: 'sent', attempts: 1 })
    expect(ctx.app.reminderDispatcher.lastPassError).toBeUndefined()
    expect(peer.received).toHaveLength(1)
  })
})
