import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { describeInBrowser, openPhoneTab, signUpInBrowser, signupBrowserApp } from '../helpers/browser.js'
import { INSIGHT_FIXTURE, seedInterviews, userIdOf } from '../helpers/insightFixtures.js'

describeInBrowser('insights, export and import in a real browser', () => {
  const suite = signupBrowserApp()

  it('shows insights on a phone-sized screen, downloads the export and imports it into a second account', async () => {
    const { ctx, base } = suite
    const ada = { name: 'Ada', email: 'ada@example.com' }
    const { context, page, errors } = await openPhoneTab(suite, ada, { acceptDownloads: true })
    seedInterviews(ctx.app.db, userIdOf(ctx.app.db, 'ada@example.com'), INSIGHT_FIXTURE)

    await page.getByRole('link', { name: 'Insights' }).click()
    await page.waitForURL(`${base}/insights`)
    expect(await page.locator('#stat-on-time').textContent()).toBe('50 %')
    expect(await page.locator('#chart-weekly rect.bar').count()).toBe(12)
    const chart = await page.locator('#chart-weekly svg').boundingBox()
    expect(chart!.width).toBeGreaterThan(300)
    expect(chart!.width).toBeLessThanOrEqual(375)
    // Nothing sticks out sideways at 375 px.
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)
    // The table alternative opens without any script.
    const table = page.locator('#chart-weekly table')
    expect(await table.isVisible()).toBe(false)
    await page.locator('#chart-weekly summary').click()
    expect(await table.isVisible()).toBe(true)
    expect(await table.locator('tbody tr').count()).toBe(12)
    // Every table opened, still nothing sticks out sideways: a wide table scrolls in its own box.
    for (const details of await page.locator('details.chart-table').all())
      await details.evaluate((el) => el.setAttribute('open', ''))
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)
    for (const details of await page.locator('details.chart-table').all())
      await details.evaluate((el) => el.removeAttribute('open'))
    await page.getByRole('link', { name: 'System design' }).click()
    await page.waitForURL(`${base}/questions?topic=System%20design`)

    await page.goto(`${base}/settings`)
    await page.getByRole('link', { name: 'Export and import' }).click()
    await page.waitForURL(`${base}/settings/data`)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download everything (JSON)' }).click(),
    ])
    expect(download.suggestedFilename()).toBe('debrief-export-2026-03-02.json')
    const file = await download.path()
    const exported = JSON.parse(readFileSync(file, 'utf8'))
    expect(exported.interviews).toHaveLength(6)

    await page.getByRole('button', { name: /Log out/ }).click()
    await page.waitForURL(`${base}/login`)
    await signUpInBrowser(page, base, { name: 'Bob', email: 'bob@example.com' })
    await page.goto(`${base}/settings/data`)
    // The script reveals the file picker and reads the chosen file into the form.
    await page.getByLabel('Export file', { exact: true }).setInputFiles(file)
    await expect.poll(() => page.locator('#import-file-status').textContent()).toMatch(/loaded/)
    expect((await page.getByLabel('Contents of the export file').inputValue()).length).toBeGreaterThan(1000)
    await page.getByRole('button', { name: 'Import' }).click()
    await page.waitForURL(`${base}/settings/data`)
    expect(await page.textContent('.flash')).toContain('Imported 6 interviews')

    await page.goto(`${base}/insights`)
    expect(await page.locator('#stat-on-time').textContent()).toBe('50 %')
    expect(await page.locator('#stat-thank-you').textContent()).toBe('3 h')
    expect(await page.locator('ol.study-list li').count()).toBe(5)
    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })
})
