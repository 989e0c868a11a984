import { describe, expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import { HOUR, insertInterview, reminderRows } from '../helpers/fixtures.js'
import { reminderHarness } from '../helpers/reminderHarness.js'
import { reminderUser } from '../helpers/reminderUser.js'

const { app: startApp, startPeer } = reminderHarness()

const person = (name: string, title = '') => ({ name, title, email: '', notes: '', topics: [] })

/** The "Not thanked yet" list of a reminder's text part, one name per line. */
function notThanked(text: string): string[] {
  const list = /Not thanked yet:\n((?: {2}- .*\n)+)/.exec(text)
  return list
    ? list[1]!
        .trim()
        .split('\n')
        .map((line) => line.replace(/^\s*- /, ''))
    : []
}

/** A mail peer, an app mailing it, and Ada with only the deadline reminders given (and the overdue notice if asked). */
async function adaWithDeadlines(leads: number[], overdueEnabled: boolean) {
  const peer = await startPeer()
  const { app, clock } = await startApp({ mailTransport: peer.url })
  const user = reminderUser(
    app,
    { email: 'ada@example.com', name: 'Ada' },
    { leads, researchEnabled: false, overdueEnabled, quietHours: null },
  )
  return { peer, app, clock, user }
}

describe('reminders follow the interviewers as they are at send time', () => {
  it('names whoever is still to thank in each reminder, and stops once everyone is thanked', async () => {
    const { peer, app, clock, user } = await adaWithDeadlines([720, 480, 240], true)
    const endsAt = clock.now()
    const id = insertInterview(app, user.id, { endsAt })
    const deadline = endsAt + 24 * HOUR
    const planned = reminderRows(app, id).map((r) => [r.kind, r.lead, r.due_at])
    const repo = app.repos.interviewers
    const send = async (at: number) => {
      clock.set(at)
      return app.reminderDispatcher.runDuePass()
    }

    // Added after the reminders were planned, without an e-mail address: it is still named.
    const grace = repo.create(user.id, id, person('Grace Hopper', 'Staff Engineer'), clock.now())!
    const linus = repo.create(user.id, id, person('Linus'), clock.now())!
    expect(reminderRows(app, id).map((r) => [r.kind, r.lead, r.due_at])).toEqual(planned)
    expect(await send(deadline - 12 * HOUR)).toMatchObject({ sent: 1 })
    expect(notThanked(peer.received[0]!.parsed.text ?? '')).toEqual(['Grace Hopper, Staff Engineer', 'Linus'])

    // Thanked and removed people drop out of the next reminder.
    expect(app.services.interviewers.markSent(ownerAccess(user.id), grace.id, 'thankYou', true).ok).toBe(true)
    expect(repo.remove(user.id, linus.id)).toBe(true)
    const alan = repo.create(user.id, id, person('Alan Turing'), clock.now())!
    expect(await send(deadline - 8 * HOUR)).toMatchObject({ sent: 1 })
    expect(notThanked(peer.received[1]!.parsed.text ?? '')).toEqual(['Alan Turing'])

    // Thanking the last one (no answers owed) completes the follow-up: the rest is cancelled.
    app.services.interviewers.markSent(ownerAccess(user.id), alan.id, 'thankYou', true)
    expect(app.repos.interviews.get(user.id, id)!.followUpState).toBe('done')
    expect(
      reminderRows(app, id)
        .filter((r) => r.state !== 'sent')
        .map((r) => [r.kind, r.lead, r.state]),
    ).toEqual([
      ['deadline', 240, 'cancelled'],
      ['overdue', 0, 'cancelled'],
    ])
    await send(deadline - 4 * HOUR)
    await send(deadline + HOUR)
    expect(peer.received).toHaveLength(2)
  })

  it('says nothing is left once the only unthanked interviewer is removed', async () => {
    const { peer, app, clock, user } = await adaWithDeadlines([240], false)
    const id = insertInterview(app, user.id, { endsAt: clock.now() })
    const only = app.repos.interviewers.create(user.id, id, person('Grace Hopper'), clock.now())!
    app.repos.interviewers.remove(user.id, only.id)

    clock.advance(20 * HOUR)
    expect(await app.reminderDispatcher.runDuePass()).toMatchObject({ sent: 1 })
    const text = peer.received[0]!.parsed.text ?? ''
    expect(text).not.toContain('Grace Hopper')
    expect(text).toContain('Nothing is left on your list')
  })
})
