import { describe, expect, it } from 'vitest'
import { isPrivateApi, isPrivatePage } from '../../src/services/coach/privateAreas.js'

// What stays the candidate's alone while a coach reads their debrief, named route by route: settings,
// tokens, the Mailbox, the calendar address, export and import, and reminders with their settings are private; the
// dashboard, interviews, questions with research, drafts and insights are readable.
const PAGES: Record<string, 'private' | 'readable'> = {
  '/settings': 'private',
  '/settings/tokens': 'private',
  '/settings/tokens/:id/revoke': 'private',
  '/settings/calendar': 'private',
  '/settings/data': 'private',
  '/settings/data/export.json': 'private',
  '/settings/data/import': 'private',
  '/settings/reminders': 'private',
  '/settings/coach': 'private',
  '/mailbox': 'private',
  '/mailbox/:id/raw': 'private',
  '/reminders': 'private',
  '/': 'readable',
  '/interviews': 'readable',
  '/interviews/:id': 'readable',
  '/interviews/:id/drafts': 'readable',
  '/questions/:id': 'readable',
  '/insights': 'readable',
  '/settingsx': 'readable',
}
const API: Record<string, 'private' | 'readable'> = {
  '/api/v1/me': 'private',
  '/api/v1/export': 'private',
  '/api/v1/import': 'private',
  '/api/v1/imports/:id': 'private',
  '/api/v1/settings/reminders': 'private',
  '/api/v1/notifications': 'private',
  '/api/v1/push-subscriptions/:id': 'private',
  '/api/v1/reminder-webhook': 'private',
  '/api/v1/reminders/:id/retry': 'private',
  '/api/v1/interviews/:id/reminders': 'private',
  '/api/v1/interviews': 'readable',
  '/api/v1/interviews/:id': 'readable',
  '/api/v1/interviews/:id/drafts': 'readable',
  '/api/v1/questions': 'readable',
  '/api/v1/drafts/:id': 'readable',
  '/api/v1/insights': 'readable',
}

describe('the parts of a debrief a coach never sees', () => {
  it.each(Object.entries(PAGES))('the page %s is %s', (url, area) => {
    expect(isPrivatePage(url)).toBe(area === 'private')
  })

  it.each(Object.entries(API))('the API route %s is %s', (url, area) => {
    expect(isPrivateApi(url)).toBe(area === 'private')
  })
})
