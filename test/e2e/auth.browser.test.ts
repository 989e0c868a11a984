import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import { chromiumAvailable, launchBrowser } from '../helpers/browser.js'

const available = chromiumAvailable()

describe.runIf(available)('accounts in a real browser', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  let browser: Browser
  let base: string

  beforeAll(async () => {
    ctx = await createTestApp()
    base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await ctx?.close()
  })

  it('signs up, logs out and logs back in', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })

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
