import { describe, expect, it } from 'vitest'
import { type Agent, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { HOUR, insertInterview, ONLY_RESEARCH, setReminderSettings } from '../helpers/fixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const cleanups = cleanupAfterEach()
const WARNING = "<strong>Reminders can't reach you:</strong>"

async function app(options: Parameters<typeof createTestApp>[0] = {}): Promise<Ctx> {
  const ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' }, ...options })
  cleanups.push(() => ctx.close())
  return ctx
}

async function user(ctx: Ctx, email: string) {
  const agent = await signUp(ctx.app, { email, name: email.split('@')[0], timeZone: 'UTC' })
  return { agent, id: ctx.app.repos.users.findByEmail(email)!.id }
}

const warned = async (agent: Agent, url: string) => {
  const page = await agent.get(url)
  expect(page.statusCode).toBe(200)
  return page.body.includes('id="reach-warning"')
}

describe('the check that reminders can reach the user', () => {
  it('warns on the dashboard and in settings when there is no SMTP server and nothing else', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    const home = await ada.agent.get('/')
    expect(home.body).toContain(WARNING)
    expect(home.body).toContain('turn on notifications, add a webhook, or set SMTP_URL')
    expect(await warned(ada.agent, '/settings')).toBe(true)
    // Only where it helps: not on every page.
    expect(await warned(ada.agent, '/interviews')).toBe(false)
  })

  it('does not warn when mail goes through an SMTP server', async () => {
    // Nothing is sent here, so nothing needs to listen on that port.
    const ctx = await app({ mailTransport: 'smtp://127.0.0.1:9' })
    const ada = await user(ctx, 'ada@example.com')
    expect(await warned(ada.agent, '/')).toBe(false)
    expect(await warned(ada.agent, '/settings')).toBe(false)
  })

  it('counts a push subscription or a webhook, for its own user only', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    const bob = await user(ctx, 'bob@example.com')
    const cyd = await user(ctx, 'cyd@example.com')
    const now = ctx.app.clock.now()
    ctx.app.db
      .prepare(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, name, created_at)
         VALUES (?, 'https://push.example/1', 'key', 'auth', 'Laptop', ?)`,
      )
      .run(ada.id, now)
    ctx.app.db
      .prepare(
        `INSERT INTO reminder_webhooks (user_id, url, secret, created_at, updated_at)
         VALUES (?, 'https://ntfy.example/topic', 'secret', ?, ?)`,
      )
      .run(cyd.id, now, now)
    expect(await warned(ada.agent, '/')).toBe(false)
    expect(await warned(bob.agent, '/')).toBe(true)
    expect(await warned(cyd.agent, '/')).toBe(false)
  })
})

describe('the dashboard banner for unopened reminders', () => {
  it('links each unread reminder, ignores other mail, and goes once they are read', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    expect((await ada.agent.get('/')).body).not.toContain('id="unread-reminders"')

    await ctx.app.mailer.send({
      userId: ada.id,
      to: { address: 'ada@example.com' },
      subject: 'Not a reminder',
      text: 'x',
    })
    expect((await ada.agent.get('/')).body).not.toContain('id="unread-reminders"')

    setReminderSettings(ctx.app, ada.id, ONLY_RESEARCH)
    insertInterview(ctx.app, ada.id, { endsAt: ctx.clock.now(), company: 'Northwind' })
    ctx.clock.advance(HOUR)
    expect(await ctx.app.reminderDispatcher.runDuePass()).toMatchObject({ sent: 1 })

    const home = await ada.agent.get('/')
    const banner = /<section class="card unread-reminders"[\s\S]*?<\/section>/.exec(home.body)?.[0] ?? ''
    expect(banner).toContain('A reminder you have not opened')
    const link = /href="\/mailbox\/(\d+)">([^<]*)</.exec(banner)
    expect(link?.[2]).toBe('Research the questions you missed at Northwind')
    expect(banner).not.toContain('Not a reminder')

    const read = await ada.agent.submit(`/mailbox/${link?.[1]}/read`, {}, `/mailbox/${link?.[1]}`)
    expect(read.statusCode).toBe(303)
    expect((await ada.agent.get('/')).body).not.toContain('id="unread-reminders"')
  })
})
