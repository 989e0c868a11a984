import { expect, it } from 'vitest'
import { describeInBrowser, openPhoneTab, signupBrowserApp } from '../helpers/browser.js'
import {
  addInterviewer,
  addQuestion,
  HOUR,
  insertInterview,
  setReminderSettings,
} from '../helpers/fixtures.js'

describeInBrowser('a reminder in the Mailbox on a phone', () => {
  const suite = signupBrowserApp()

  it('reads as a message with clickable links, fits 375 px, and is marked read when opened', async () => {
    const { ctx, base } = suite
    const kai = { name: 'Kai Nakamura', email: 'kai@example.com' }
    const { context, page, errors } = await openPhoneTab(suite, kai)

    const user = ctx.app.repos.users.findByEmail('kai@example.com')!
    setReminderSettings(ctx.app, user.id, {
      leads: [240],
      researchEnabled: false,
      overdueEnabled: false,
      quietHours: null,
    })
    const id = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now(), company: 'Northwind' })
    addQuestion(ctx.app, user.id, id, {
      text: 'Supercalifragilisticexpialidocious-distributed-consensus-without-a-leader-election?',
      confidence: 'missed',
    })
    addInterviewer(ctx.app, user.id, id, { name: 'Grace Hopper' })
    ctx.clock.advance(20 * HOUR)
    expect(await ctx.app.reminderDispatcher.runDuePass()).toMatchObject({ sent: 1 })

    await page.goto(`${base}/`)
    expect(await page.locator('#nav-mailbox-unread').textContent()).toContain('1')
    await page.locator('#unread-reminders a').first().click()
    await page.waitForURL(/\/mailbox\/\d+$/)

    const body = page.locator('#mail-body')
    expect(await body.evaluate((el) => getComputedStyle(el).fontFamily)).not.toMatch(/mono/i)
    expect(await body.textContent()).toContain('Hi Kai,')
    const question = body.getByRole('link', { name: /Supercalifragilistic/ })
    expect(await question.getAttribute('href')).toMatch(/\/questions\/\d+$/)
    expect(await question.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await body.textContent()).toContain('Grace has no e-mail address yet')
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)

    // The page marks the message read by itself: the count goes, and stays gone on the next page.
    await page.locator('#nav-mailbox-unread').waitFor({ state: 'detached' })
    expect(ctx.app.repos.mailbox.unreadCount(user.id)).toBe(0)
    await page.goto(`${base}/`)
    expect(await page.locator('#nav-mailbox-unread').count()).toBe(0)
    expect(await page.locator('#unread-reminders').count()).toBe(0)

    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })
})
