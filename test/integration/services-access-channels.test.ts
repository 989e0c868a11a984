import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccessContext, coachAccess, ownerAccess, READ_ONLY_MESSAGE } from '../../src/services/access.js'
import { createTestApp } from '../helpers/app.js'
import { createUser, insertInterview } from '../helpers/fixtures.js'
import { PushPeer } from '../helpers/pushPeer.js'
import {
  totalChanges as changes,
  expectEveryMethodNamed,
  type Outcome,
  tableRows,
} from '../helpers/serviceAccess.js'

const TABLES = [
  'push_subscriptions',
  'reminder_webhooks',
  'mailbox',
  'reminder_settings',
  'study_reminder_settings',
  'study_nudges',
  'reminders',
]

type Ctx = Awaited<ReturnType<typeof createTestApp>>

/**
 * The notification, mailbox and reminder services, called directly on a real database: a
 * linked coach changes none of the candidate's destinations, mail or settings; another account
 * finds none of them.
 */
describe('the notification, mailbox and reminder services under an access context', () => {
  let ctx: Ctx
  let push: PushPeer
  let candidate: number
  let coach: number
  let stranger: number
  let subscriptionId: number
  let messageId: number
  let interviewId: number
  let owner: AccessContext

  const totalChanges = () => changes(ctx.app.db)
  const snapshot = () => tableRows(ctx.app.db, TABLES)

  beforeAll(async () => {
    push = await new PushPeer().start()
    ctx = await createTestApp({ scheduler: false, env: { WEBHOOK_ALLOW_PRIVATE: 'true' } })
    const { app } = ctx
    candidate = createUser(app, { name: 'Ada Lovelace', email: 'ada@example.com' }).id
    coach = createUser(app, { name: 'Carol Coach', email: 'carol@example.com' }).id
    stranger = createUser(app, { name: 'Mallory', email: 'mallory@example.com' }).id
    owner = ownerAccess(candidate)
    const { endpoint, subscription } = push.subscribe()
    const saved = app.services.notifications.subscribe(owner, {
      endpoint,
      keys: { p256dh: subscription.p256dh, auth: subscription.authSecret },
      name: 'Laptop',
    })
    if (!saved.ok) throw new Error(saved.message)
    subscriptionId = saved.value.id
    const hook = app.services.notifications.setWebhook(owner, 'http://127.0.0.1:9/hook')
    if (!hook.ok) throw new Error(hook.message)
    app.repos.mailbox.deliver(
      {
        userId: candidate,
        messageId: '<reminder-1@debrief>',
        from: 'debrief@example.com',
        to: 'ada@example.com',
        subject: 'Follow up with Initech',
        text: 'Four hours left.',
        raw: 'Subject: Follow up with Initech\r\n\r\nFour hours left.',
        identity: 'reminder 1',
      },
      ctx.clock.now(),
    )
    messageId = app.repos.mailbox.list(candidate)[0]!.id
    interviewId = insertInterview(app, candidate, { endsAt: ctx.clock.now() })
  })
  afterAll(async () => {
    await ctx?.close()
    await push?.stop()
  })

  /** Every write method of the three services, as a coach would call it with the candidate's ids. */
  const writes = (access: AccessContext): Record<string, () => Outcome> => {
    const { notifications, mailbox, reminders } = ctx.app.services
    const { endpoint, subscription } = push.subscribe()
    return {
      'notifications.subscribe': () =>
        notifications.subscribe(access, {
          endpoint,
          keys: { p256dh: subscription.p256dh, auth: subscription.authSecret },
        }),
      'notifications.rename': () => notifications.rename(access, subscriptionId, 'Mine now'),
      'notifications.unsubscribe': () => notifications.unsubscribe(access, subscriptionId),
      'notifications.testPush': () => notifications.testPush(access, subscriptionId),
      'notifications.setWebhook': () => notifications.setWebhook(access, 'http://127.0.0.1:9/other'),
      'notifications.rotateWebhookSecret': () => notifications.rotateWebhookSecret(access),
      'notifications.removeWebhook': () => notifications.removeWebhook(access),
      'notifications.testWebhook': () => notifications.testWebhook(access),
      'mailbox.markRead': () => mailbox.markRead(access, messageId),
      'mailbox.markAllRead': () => mailbox.markAllRead(access),
      'reminders.saveSettings': () =>
        reminders.saveSettings(access, {
          leads: [60],
          researchEnabled: false,
          overdueEnabled: false,
          quietHours: null,
          email: null,
        }),
      'reminders.saveStudyReminder': () =>
        reminders.saveStudyReminder(access, { enabled: true, minute: 600 }),
      'reminders.retry': () => reminders.retry(access, 1),
      'reminders.retryDelivery': () => reminders.retryDelivery(access, 1),
    }
  }

  it('names every method of the services as a read or one of the writes tested here', () => {
    const { notifications, mailbox, reminders } = ctx.app.services
    const reads = [
      'notifications.overview',
      'mailbox.page',
      'mailbox.message',
      'mailbox.unreadReminders',
      'reminders.settings',
      'reminders.studyReminder',
      'reminders.nextStudyReminderAt',
      'reminders.forInterview',
      'reminders.list',
      'reminders.reach',
    ]
    expectEveryMethodNamed(
      { notifications, mailbox, reminders },
      new Set([...Object.keys(writes(owner)), ...reads]),
    )
  })

  it("refuses every write by the candidate's coach and sends or changes nothing", async () => {
    const before = totalChanges()
    const rows = snapshot()
    for (const [name, write] of Object.entries(writes(coachAccess(coach, candidate)))) {
      expect(await write(), name).toEqual({ ok: false, error: 'forbidden', message: READ_ONLY_MESSAGE })
    }
    expect(totalChanges()).toBe(before)
    expect(snapshot()).toBe(rows)
    expect(push.delivered).toEqual([])
  })

  it("lets the coach read the candidate's destinations, mail and reminders", () => {
    const { notifications, mailbox, reminders } = ctx.app.services
    const asCoach = coachAccess(coach, candidate)
    const before = totalChanges()
    expect(notifications.overview(asCoach)).toEqual(notifications.overview(owner))
    expect(notifications.overview(asCoach).subscriptions.map((s) => s.name)).toEqual(['Laptop'])
    expect(mailbox.page(asCoach, 1)).toMatchObject({ total: 1, unread: 1, pages: 1 })
    expect(mailbox.message(asCoach, messageId)).toMatchObject({
      ok: true,
      value: { subject: 'Follow up with Initech' },
    })
    expect(mailbox.unreadReminders(asCoach).total).toBe(1)
    expect(reminders.forInterview(asCoach, interviewId)).toEqual(reminders.forInterview(owner, interviewId))
    expect(reminders.reach(asCoach)).toEqual({ channels: ['push', 'webhook'], emailOff: false })
    expect(totalChanges()).toBe(before)
  })

  it("answers not_found to an unrelated account for the candidate's ids, and changes nothing", async () => {
    const { notifications, mailbox, reminders } = ctx.app.services
    const other = ownerAccess(stranger)
    const before = totalChanges()
    const rows = snapshot()
    const notFound = { ok: false, error: 'not_found' }
    expect(notifications.rename(other, subscriptionId, 'Mine now')).toMatchObject(notFound)
    expect(notifications.unsubscribe(other, subscriptionId)).toMatchObject(notFound)
    expect(await notifications.testPush(other, subscriptionId)).toMatchObject(notFound)
    expect(notifications.rotateWebhookSecret(other)).toMatchObject(notFound)
    expect(notifications.removeWebhook(other)).toMatchObject(notFound)
    expect(mailbox.message(other, messageId)).toMatchObject(notFound)
    expect(mailbox.markRead(other, messageId)).toMatchObject(notFound)
    expect(reminders.forInterview(other, interviewId)).toMatchObject(notFound)
    expect(mailbox.page(other, 1)).toMatchObject({ total: 0, messages: [] })
    expect(notifications.overview(other)).toEqual({ subscriptions: [], webhook: null })
    expect(totalChanges()).toBe(before)
    expect(snapshot()).toBe(rows)
    expect(push.delivered).toEqual([])
  })

  // Last: it changes what the tests above read.
  it('lets the owner make the same writes, so each refusal above is about who asks', async () => {
    // Removals last: the other writes need the rows they remove. Nothing has failed, so there is nothing to retry.
    const last = (name: string) => (/unsubscribe|remove/.test(name) ? 1 : 0)
    const all = Object.entries(writes(owner)).sort(([a], [b]) => last(a) - last(b))
    for (const [name, write] of all) {
      const result = await write()
      if (name.startsWith('reminders.retry'))
        expect(result, name).toMatchObject({ ok: false, error: 'not_found' })
      else expect(result.ok, `${name}: ${result.ok ? '' : result.message}`).toBe(true)
    }
    expect(push.delivered).toHaveLength(1)
    expect(ctx.app.services.notifications.overview(owner)).toMatchObject({ webhook: null })
  })
})
