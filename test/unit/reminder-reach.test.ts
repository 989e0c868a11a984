import { describe, expect, it } from 'vitest'
import { reachableChannels, reachesBeyondEmail } from '../../src/domain/reminderReach.js'

const reach = (pushSubscriptions: number, webhooks: number, emailEnabled: boolean) => ({
  pushSubscriptions,
  webhooks,
  emailEnabled,
})

describe('where reminders can reach a user', () => {
  it.each([
    // push, webhooks, e-mail on, mail leaves the server → channels
    [0, 0, true, true, ['email']],
    [0, 0, true, false, []],
    [0, 0, false, true, []],
    [2, 0, true, true, ['email', 'push']],
    [1, 0, false, false, ['push']],
    [0, 1, false, true, ['webhook']],
    [3, 1, true, false, ['push', 'webhook']],
    [1, 1, true, true, ['email', 'push', 'webhook']],
  ] as const)('%i push, %i webhook, e-mail on %s, mail sent %s: %j', (push, hooks, email, sent, channels) => {
    expect(reachableChannels(reach(push, hooks, email), sent)).toEqual(channels)
  })

  it('reaches beyond e-mail only through a push subscription or a webhook', () => {
    expect(reachesBeyondEmail(reach(0, 0, true))).toBe(false)
    expect(reachesBeyondEmail(reach(1, 0, false))).toBe(true)
    expect(reachesBeyondEmail(reach(0, 1, false))).toBe(true)
  })
})
