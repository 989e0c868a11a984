import { expect, it } from 'vitest'
import { browserApp, describeInBrowser, openTab } from '../helpers/browser.js'

describeInBrowser('accounts in a real browser', () => {
  const suite = browserApp()

  it('signs up, logs out and logs back in', async () => {
    const { base } = suite
    const { page, errors } = await openTab(suite)

    await page.goto(`${base}/signup`)
    await page.getByLabel('Your name').fill('Grace Hopper')
    await page.getByLabel('Email').fill('grace@example.com')
    await page.getByLabel('Password').fill('a long enough password')
    // Pre-filled from the browser's own zone by the progressive script.
    expect(await page.getByLabel('Time zone').inputValue()).not.toBe('')
    await page.getByLabel('Time zone').fill('Europe/Berlin')
    await page.getByRole('button', { name: 'Create account' }).click()
    await page.waitForURL(`${base}/`)
    expect(await page.textContent('.flash')).toContain('Welcome to Debrief, Grace Hopper')

    await page.getByRole('button', { name: /Log out/ }).click()
    await page.waitForURL(`${base}/login`)

    await page.getByLabel('Email').fill('grace@example.com')
    await page.getByLabel('Password').fill('a long enough password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${base}/`)
    expect(await page.getByRole('button', { name: /Log out/ }).textContent()).toContain('Grace Hopper')
    // CSP must not block our own assets.
    expect(errors, errors.join('\n')).toEqual([])
  })
})
