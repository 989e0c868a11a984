import { describe, expect, it } from 'vitest'
import { cleanupAfterEach, createTestApp, type TestApp } from '../helpers/app.js'
import { HttpPeer } from '../helpers/httpPeer.js'
import { PushPeer } from '../helpers/pushPeer.js'
import { api, tokenUser } from '../helpers/tokenApi.js'

const cleanups = cleanupAfterEach()

async function peers() {
  const push = await new PushPeer().start()
  const hook = await new HttpPeer().start()
  cleanups.unshift(
    () => push.stop(),
    () => hook.stop(),
  )
  const ctx = await createTestApp({
    scheduler: false,
    env: { SIGNUP: 'open', WEBHOOK_ALLOW_PRIVATE: 'true' },
  })
  cleanups.push(() => ctx.close())
  return { push, hook, app: ctx.app }
}

/** A signed-up user's API client. */
async function client(app: TestApp, email: string) {
  const { token } = await tokenUser(app, { email, name: email.split('@')[0], timeZone: 'UTC' })
  return (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    api({ app }, token, method, url, payload)
}

describe('notification destinations in the API', () => {
  it('renames, tests and removes a push subscription, and finds none of another user', async () => {
    const { push, app } = await peers()
    const ada = await client(app, 'ada@example.com')
    const bob = await client(app, 'bob@example.com')
    const { endpoint, subscription } = push.subscribe()
    const made = await ada('POST', '/push-subscriptions', {
      endpoint,
      keys: { p256dh: subscription.p256dh, auth: subscription.authSecret },
    })
    expect(made.statusCode).toBe(201)
    const { id, name } = made.json() as { id: number; name: string }
    expect(name).toBe('This browser')

    const blank = await ada('PATCH', `/push-subscriptions/${id}`, { name: '   ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().fields).toEqual({ name: 'must not be empty.' })
    const renamed = await ada('PATCH', `/push-subscriptions/${id}`, { name: ' Work laptop ' })
    expect(renamed.statusCode).toBe(200)
    expect(renamed.json()).toMatchObject({ id, name: 'Work laptop', endpointOrigin: push.origin })

    // Bob's token reaches none of Ada's browsers, whatever the method.
    expect((await bob('PATCH', `/push-subscriptions/${id}`, { name: 'Mine' })).statusCode).toBe(404)
    expect((await bob('POST', `/push-subscriptions/${id}/test`)).statusCode).toBe(404)
    expect((await bob('DELETE', `/push-subscriptions/${id}`)).statusCode).toBe(404)
    expect(push.delivered).toEqual([])

    const tested = await ada('POST', `/push-subscriptions/${id}/test`)
    expect(tested.json()).toEqual({ sent: true, error: null })
    expect(JSON.parse(push.delivered[0]!.payload).title).toBe('Debrief test notification')

    expect((await ada('DELETE', `/push-subscriptions/${id}`)).statusCode).toBe(204)
    const again = await ada('DELETE', `/push-subscriptions/${id}`)
    expect(again.statusCode).toBe(404)
    expect(again.json().message).toContain('not among your push subscriptions')
    expect((await ada('GET', '/notifications')).json().subscriptions).toEqual([])
  })

  it('gives a new webhook its secret once, renews it, tests it and removes it', async () => {
    const { hook, app } = await peers()
    const ada = await client(app, 'ada@example.com')
    const none = await ada('POST', '/reminder-webhook/secret')
    expect(none.statusCode).toBe(404)
    expect(none.json().message).toContain('no webhook yet')

    const set = (await ada('PUT', '/reminder-webhook', { url: hook.url('/first') })).json()
    expect(set.url).toBe(hook.url('/first'))
    expect(set.secret).toMatch(/^[\w-]{43}$/)
    // Moving the URL keeps the secret, and does not show it again.
    expect((await ada('PUT', '/reminder-webhook', { url: hook.url('/hook') })).json()).toEqual({
      url: hook.url('/hook'),
    })
    const renewed = await ada('POST', '/reminder-webhook/secret')
    expect(renewed.statusCode).toBe(200)
    expect(renewed.json().url).toBe(hook.url('/hook'))
    expect(renewed.json().secret).not.toBe(set.secret)

    expect((await ada('POST', '/reminder-webhook/test')).json()).toEqual({ sent: true, error: null })
    expect(hook.received.map((r) => [r.method, r.url])).toEqual([['POST', '/hook']])

    expect((await ada('DELETE', '/reminder-webhook')).statusCode).toBe(204)
    expect((await ada('DELETE', '/reminder-webhook')).statusCode).toBe(404)
    const untestable = (await ada('POST', '/reminder-webhook/test')).json()
    expect(untestable.sent).toBe(false)
    expect(untestable.error).toContain('no webhook')
    expect((await ada('GET', '/notifications')).json().webhook).toEqual({ url: null })
  })
})
