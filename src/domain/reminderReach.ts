/** A way a reminder can reach its user outside this browser tab. */
export type ReminderChannel = 'email' | 'push' | 'webhook'

/** What can carry a user's reminders besides the in-app Mailbox, as stored. */
export interface ReminderReach {
  pushSubscriptions: number
  webhooks: number
  /** The e-mail switch of Settings → Reminders (on when the user never saved settings). */
  emailEnabled: boolean
}

/**
 * The channels that can deliver this user's reminders: e-mail when mail leaves the server (an
 * SMTP server or another transport is set) and the user has not turned e-mail reminders off
 * (without a server, mail stays in the in-app Mailbox, which reaches nobody who is not
 * looking), push when the user has a push subscription, webhook when they set one up. Empty
 * means reminders reach the user only if they open Debrief.
 */
export function reachableChannels(reach: ReminderReach, mailLeavesServer: boolean): ReminderChannel[] {
  const channels: ReminderChannel[] = mailLeavesServer && reach.emailEnabled ? ['email'] : []
  if (reach.pushSubscriptions > 0) channels.push('push')
  if (reach.webhooks > 0) channels.push('webhook')
  return channels
}

/** Whether reminders reach the user without e-mail: a browser subscribed to push, or a webhook. */
export const reachesBeyondEmail = (reach: ReminderReach): boolean =>
  reach.pushSubscriptions > 0 || reach.webhooks > 0
