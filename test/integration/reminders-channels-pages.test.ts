import { describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp, type TestApp } from '../helpers/app.js'
import { insertInterview, ONLY_RESEARCH, reminderRow, setReminderSettings } from '../helpers/fixtures.js'
import { HttpPeer } from '../helpers/httpPeer.js'
import { PushPeer } from '../helpers/pushPeer.js'
import { api } from '../helpers/tokenApi.js'

const cleanups = cleanupAfterEach()

async function app(env: Record<string, string> = {}) {
  const ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open', ...env } })
  cleanups.push(() => ctx.close())
  return ctx
}

async function login(app: TestApp, email = 'ada@example.com') {
  const agent = await signUp(app, { email, name: 'Ada', timeZone: 'UTC' })
  return { agent, user: app.repos.users.findByEmail(email)! }
}

describe('reminder channels on the settings page', () => {
  it('subscribes a browser through the page script, lists it, tests, renames and removes it', async () => {
    const peer = await new PushPeer().start()
    cleanups.unshift(() => peer.stop())
    const ctx = await app({ WEBHOOK_ALLOW_PRIVATE: 'true' })
    const { agent, user } = await login(ctx.app)

    const page = await agent.get('/settings/reminders')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain(`data-vapid-public-key="${ctx.app.vapid.publicKey}"`)
    expect(page.body).toContain('Turn on notifications')
    expect(page.body).toContain('/public/js/push-subscribe.js')
    expect(page.body).toContain('installed on the home screen')
    const csrf = /data-csrf="([^"]+)"/.exec(page.body)![1]!

    const { endpoint, subscription } = peer.subscribe()
    const json = {
      endpoint,
      expirationTime: null,
      keys: { p256dh: subscription.p256dh, auth: subscription.authSecret },
    }
    const forged = await agent.request({
      method: 'POST',
      url: '/settings/reminders/push',
      payload: { ...json, name: 'x' },
    })
    expect(forged.statusCode).toBe(403)
    const bad = await agent.request({
      method: 'POST',
      url: '/settings/reminders/push',
      headers: { 'csrf-token': csrf, accept: 'application/json' },
      payload: { ...json, keys: { p256dh: 'AAAA', auth: subscription.authSecret } },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().message).toContain('P-256')
    const made = await agent.request({
      method: 'POST',
      url: '/settings/reminders/push',
      headers: { 'csrf-token': csrf, accept: 'application/json' },
      payload: { ...json, name: 'Firefox on Linux' },
    })
    expect(made.statusCode).toBe(201)
    const id = made.json().id as number
    expect(ctx.app.repos.pushSubscriptions.list(user.id).map((s) => s.name)).toEqual(['Firefox on Linux'])
    expect((await agent.get('/settings/reminders')).body).toContain('value="Firefox on Linux"')

    const tested = await agent.submit(`/settings/reminders/push/${id}/test`, {}, '/settings/reminders')
    expect(tested.statusCode).toBe(302)
    expect(peer.rejected).toEqual([])
    expect(JSON.parse(peer.delivered[0]!.payload).title).toBe('Debrief test notification')

    await agent.submit(
      `/settings/reminders/push/${id}/rename`,
      { name: 'Work laptop' },
      '/settings/reminders',
    )
    expect(ctx.app.repos.pushSubscriptions.list(user.id).map((s) => s.name)).toEqual(['Work laptop'])
    await agent.submit(`/settings/reminders/push/${id}/remove`, {}, '/settings/reminders')
    expect(ctx.app.repos.pushSubscriptions.list(user.id)).toEqual([])
  })

  it('refuses plain http and private addresses for push endpoints and webhooks without WEBHOOK_ALLOW_PRIVATE', async () => {
    const ctx = await app()
    const { agent } = await login(ctx.app)
    const token = await createToken(agent)
    const keys = {
      p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url'),
      auth: Buffer.alloc(16, 1).toString('base64url'),
    }
    const push = await api(ctx, token, 'POST', '/push-subscriptions', {
      endpoint: 'http://push.example.com/x',
      keys,
    })
    expect(push.statusCode).toBe(400)
    expect(push.json().message).toContain('https://')
    for (const url of [
      'http://hooks.example.com/x',
      'https://10.0.0.1/x',
      'https://169.254.169.254/',
      'https://[::1]/',
    ]) {
      const response = await api(ctx, token, 'PUT', '/reminder-webhook', { url })
      expect(response.statusCode, url).toBe(400)
    }
    const ok = await api(ctx, token, 'PUT', '/reminder-webhook', {
      url: 'https://ntfy.sh/debrief-test-topic',
    })
    expect(ok.statusCode).toBe(200)
    expect(ok.json().secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const again = await api(ctx, token, 'PUT', '/reminder-webhook', {
      url: 'https://ntfy.sh/another-topic',
    })
    expect(again.json()).toEqual({ url: 'https://ntfy.sh/another-topic' })
    const overview = await api(ctx, token, 'GET', '/notifications')
    expect(overview.json()).toMatchObject({
      vapidPublicKey: ctx.app.vapid.publicKey,
      subscriptions: [],
      webhook: { url: 'https://ntfy.sh/another-topic' },
    })
  })

  it('shows each channel’s state on the interview page, on /reminders and in the API', async () => {
    const receiver = await new HttpPeer().start()
    cleanups.unshift(() => receiver.stop())
    receiver.answerNext(500)
    const ctx = await app({ WEBHOOK_ALLOW_PRIVATE: 'true' })
    const { agent, user } = await login(ctx.app)
    const token = await createToken(agent)
    setReminderSettings(ctx.app, user.id, ONLY_RESEARCH)
    expect(
      (await api(ctx, token, 'PUT', '/reminder-webhook', { url: receiver.url('/hook') })).statusCode,
    ).toBe(200)
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now() })
    ctx.clock.set(reminderRow(ctx.app, id, 'research').due_at)
    await ctx.app.reminderDispatcher.runDuePass()

    const listed = (await api(ctx, token, 'GET', `/interviews/${id}/reminders`)).json().reminders
    expect(listed[0].channels.map((c: { channel: string; state: string }) => [c.channel, c.state])).toEqual([
      ['email', 'sent'],
      ['webhook', 'pending'],
    ])
    expect(listed[0].channels[1].lastError).toContain('500')
    for (const url of [`/interviews/${id}`, '/reminders']) {
      const html = (await agent.get(url)).body
      expect(html, url).toMatch(/data-channel="webhook">Webhook: <span class="badge state-pending">pending/)
    }
  })
})
