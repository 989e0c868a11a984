/**
 * What stays the candidate's alone while a coach reads their debrief: settings (profile, API
 * tokens, reminder channels, the calendar address, export and import), the Mailbox and the
 * reminders with their channels (also those of one interview). Matched on the route's pattern,
 * so every route under them is covered.
 */
const PRIVATE_PAGES = /^\/(settings|mailbox|reminders)(\/|$)/
const PRIVATE_API =
  /^\/api\/v1\/((me|settings|export|import|imports|notifications|push-subscriptions|reminder-webhook|reminders)(\/|$)|interviews\/:id\/reminders$)/

export const PRIVATE_MESSAGE =
  'This part of the debrief stays private to its owner (settings, API tokens, Mailbox, reminders, calendar address, export and import). Use “Back to your own” to see yours.'

export const isPrivatePage = (routeUrl: string) => PRIVATE_PAGES.test(routeUrl)
export const isPrivateApi = (routeUrl: string) => PRIVATE_API.test(routeUrl)
