import { describe, expect, it } from 'vitest'
import { isPrivateApi, isPrivatePage } from '../../src/services/coach/privateAreas.js'

// What stays the candidate's alone while a coach reads their debrief, named route by route.
describe('the parts of a debrief a coach never sees', () => {
  it('covers settings, tokens, the Mailbox, the calendar address, export and import, and reminders with their settings', () => {
    for (const url of [
      '/settings',
      '/settings/tokens',
      '/settings/tokens/:id/revoke',
      '/settings/calendar',
      '/settings/data',
      '/settings/data/export.json',
      '/settings/data/import',
      '/settings/reminders',
      '/settings/coach',
      '/mailbox',
      '/mailbox/:id/raw',
      '/reminders',
    ])
      expect(isPrivatePage(url), url).toBe(true)
    for (const url of [
      '/api/v1/me',
      '/api/v1/export',
      '/api/v1/import',
      '/api/v1/imports/:id',
      '/api/v1/settings/reminders',
      '/api/v1/notifications',
      '/api/v1/push-subscriptions/:id',
      '/api/v1/reminder-webhook',
      '/api/v1/reminders/:id/retry',
      '/api/v1/interviews/:id/reminders',
    ])
      expect(isPrivateApi(url), url).toBe(true)
  })

  it('leaves the dashboard, interviews, questions with research, drafts and insights readable', () => {
    for (const url of [
      '/',
      '/interviews',
      '/interviews/:id',
      '/interviews/:id/drafts',
      '/questions/:id',
      '/insights',
      '/settingsx',
    ])
      expect(isPrivatePage(url), url).toBe(false)
    for (const url of [
      '/api/v1/interviews',
      '/api/v1/interviews/:id',
      '/api/v1/interviews/:id/drafts',
      '/api/v1/questions',
      '/api/v1/drafts/:id',
      '/api/v1/insights',
    ])
      expect(isPrivateApi(url), url).toBe(false)
  })
})
