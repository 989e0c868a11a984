import { expect, it } from 'vitest'
import { describeInBrowser, openPhoneTab, openTab, signupBrowserApp } from '../helpers/browser.js'
import { TestClock } from '../helpers/clock.js'
import { insertInterview } from '../helpers/fixtures.js'

describeInBrowser('capturing questions by keyboard on the interview page', () => {
  const suite = signupBrowserApp({ clock: new TestClock(Date.now()) })

  it('saves three questions without a page load, keeping focus in the question field', async () => {
    const { base } = suite
    const ren = { name: 'Ren Ito', email: 'ren@example.com' }
    const { page, errors } = await openPhoneTab(suite, ren, { timeout: 10_000 })

    await page.goto(`${base}/interviews/new`)
    // The form opens as "Just finished": it ended now, so the page is the debrief.
    await page.getByLabel('Company').fill('Contoso')
    await page.locator('#f-role').fill('Detection Engineer')
    await page.getByRole('button', { name: 'Log interview', exact: true }).click()
    await page.waitForURL(/\/interviews\/\d+$/)

    // Ended and nothing captured yet: the question field has the focus on arrival.
    const focused = () => page.evaluate(() => document.activeElement?.id ?? '')
    await expect.poll(focused).toBe('capture-text')

    let loads = 0
    page.on('load', () => loads++)
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads++
    })
    const items = page.locator('#question-list > li')
    const status = page.locator('#capture-status')

    // A blank question is refused beside the field, without a reload, with focus kept there.
    await page.keyboard.press('Control+Enter')
    await expect
      .poll(() => page.locator('#capture-text-error').textContent())
      .toMatch(/^Question you were asked /)
    expect(await page.locator('#capture-text').getAttribute('aria-invalid')).toBe('true')
    expect(await focused()).toBe('capture-text')

    const questions: [string, string | null][] = [
      ['How would you detect Kerberoasting?', null],
      ['What makes a Sigma rule noisy?', 's'],
      ['Explain the MITRE ATT&CK matrix.', 'n'],
    ]
    for (const [i, [text, confidenceKey]] of questions.entries()) {
      await page.keyboard.type(text)
      if (confidenceKey) {
        // Into the select, choose by its first letter, and back to the question.
        await page.keyboard.press('Tab')
        await page.keyboard.press(confidenceKey)
        await page.keyboard.press('Shift+Tab')
      }
      await page.keyboard.press('Control+Enter')
      await expect.poll(() => items.count()).toBe(i + 1)
      expect(await status.textContent()).toBe(`Question saved (${i + 1}).`)
      // Zero Tabs: the cursor is back in the cleared question field, ready for the next one.
      expect(await focused()).toBe('capture-text')
      expect(await page.locator('#capture-text').inputValue()).toBe('')
      expect(await items.nth(i).textContent()).toContain(text)
    }
    expect(await page.locator('#capture-text-error').count()).toBe(0)
    expect(loads).toBe(0)

    // The guide followed the captures: two questions need research (one missed, one shaky).
    const action = page.locator('#next-step')
    expect(await action.textContent()).toBe('Research 2 missed and shaky questions')
    expect(await page.locator('#step-capture-count').textContent()).toBe('3 questions')
    expect(await page.locator('#questions-progress').textContent()).toBe('(0/2 researched)')

    // From the last save the guide's action is at most three Tabs away (it sits right above the form).
    let presses = 0
    while (presses < 3 && (await focused()) !== 'next-step') {
      await page.keyboard.press('Shift+Tab')
      presses++
    }
    expect(await focused()).toBe('next-step')
    expect(presses).toBeLessThanOrEqual(3)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/questions\/\d+$/)
    expect(await page.locator('#f-text, textarea[name="text"]').first().inputValue()).toBe(questions[0]![0])

    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    // The one refused blank question is the only failed request the browser reports.
    const refused = errors.filter((e) => e.includes('status of 400'))
    expect(refused.length).toBe(1)
    const other = errors.filter((e) => !e.includes('status of 400'))
    expect(other, other.join('\n')).toEqual([])
  }, 90_000)

  it('turns an open prep page into the debrief when the interview ends, unless a question is half-typed', async () => {
    const { base, ctx } = suite
    const { page, errors } = await openTab(suite, {
      viewport: { width: 1280, height: 800 },
      timeout: 10_000,
      signUp: { name: 'Ola Berg', email: 'ola@example.com' },
    })
    const userId = ctx.app.repos.users.findByEmail('ola@example.com')!.id
    const endingSoon = () =>
      insertInterview(ctx.app, userId, { endsAt: ctx.clock.now() + 3_000, company: 'Fabrikam' })

    const quiet = endingSoon()
    await page.goto(`${base}/interviews/${quiet}`)
    expect(await page.locator('#prep-when').textContent()).toBe('In progress, ends in 0 min')
    expect(await page.locator('#guide').count()).toBe(0)
    // The server's clock moves on with the page's: once it ends, the page reloads as the debrief.
    ctx.clock.advance(3_001)
    await page.waitForSelector('#guide', { timeout: 15_000 })
    expect(await page.locator('#prep').count()).toBe(0)

    const typing = endingSoon()
    await page.goto(`${base}/interviews/${typing}`)
    await page.locator('#capture-text').fill('What is a golden ticket?')
    ctx.clock.advance(3_001)
    const link = page.locator('#prep-when a', { hasText: 'open the debrief' })
    await link.waitFor({ timeout: 15_000 })
    // Nothing typed was lost to a reload.
    expect(await page.locator('#capture-text').inputValue()).toBe('What is a golden ticket?')
    await Promise.all([page.waitForEvent('load'), link.click()])
    expect(await page.locator('#guide').count()).toBe(1)
    expect(errors, errors.join('\n')).toEqual([])
  }, 60_000)
})
