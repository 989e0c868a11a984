import { expect, it } from 'vitest'
import { browserApp, describeInBrowser, openPhoneTab } from '../helpers/browser.js'
import { TestClock } from '../helpers/clock.js'

/** "YYYY-MM-DDTHH:mm" in UTC, the value a datetime-local input takes. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16)

describeInBrowser('logging an interview in a real browser at phone width', () => {
  // The server's clock is the real one, so the live countdown in the page agrees with it.
  const suite = browserApp({ clock: new TestClock(Date.now()), scheduler: false })

  it('signs up, logs an interview with interviewers and questions, and finds it again', async () => {
    const { base } = suite
    const lin = { name: 'Lin Chen', email: 'lin@example.com' }
    const { page, errors } = await openPhoneTab(suite, lin, { timeout: 10_000 })

    await page.getByRole('link', { name: 'Log an interview' }).click()
    await page.waitForURL(`${base}/interviews/new`)
    // "Just finished" is the default: the company field has focus and the times are filled in.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-company')
    expect(await page.getByLabel('Starts').inputValue()).not.toBe('')
    const end = Date.now() - 60 * 60_000
    await page.keyboard.type('Northwind Security')
    await page.locator('#f-role').fill('Application Security Engineer')
    await page.getByLabel('Kind').selectOption('panel')
    // A preset fills the times in place: no page load, nothing typed is lost.
    const justFinishedStart = await page.getByLabel('Starts').inputValue()
    await page.getByRole('link', { name: 'Later today / scheduled' }).click()
    expect(page.url()).toBe(`${base}/interviews/new`)
    expect(await page.getByLabel('Starts').inputValue()).toMatch(/T\d{2}:00$/)
    expect(await page.getByLabel('Starts').inputValue()).not.toBe(justFinishedStart)
    expect(await page.locator('#f-company').inputValue()).toBe('Northwind Security')
    await page.getByLabel('Starts').fill(local(end - 90 * 60_000))
    // The end field shows only once "Other end time…" is chosen.
    await expect.poll(() => page.getByLabel('Ends').isVisible()).toBe(false)
    await page.getByLabel('Duration').selectOption('other')
    await expect.poll(() => page.getByLabel('Ends').isVisible()).toBe(true)
    await page.getByLabel('Ends').fill(local(end))
    // The zone picker's search filters the friendly labels and picks the first match.
    await page.getByLabel('Search time zones').fill('tokyo')
    await page.getByLabel('Search time zones').press('Enter')
    expect(page.url()).toBe(`${base}/interviews/new`)
    expect(await page.locator('#f-timeZone').inputValue()).toBe('Asia/Tokyo')
    await page.getByLabel('Search time zones').fill('')
    await page.locator('#f-timeZone').selectOption('UTC')
    await page.getByLabel('Job posting URL').fill('https://jobs.example.com/appsec')

    // Interviewers go on the same form; "Add another interviewer" adds a row without a page load.
    const rows = page.locator('#interviewer-rows [data-interviewer-row]')
    expect(await rows.count()).toBe(2)
    await page.locator('#f-interviewer-1-name').fill('Priya Raman')
    await page.locator('#f-interviewer-1-email').fill('priya@example.com')
    await page.evaluate(() => {
      ;(window as unknown as { stillHere: boolean }).stillHere = true
    })
    await page.getByRole('button', { name: 'Add another interviewer' }).click()
    expect(await rows.count()).toBe(3)
    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-interviewer-3-name')
    await page.keyboard.type('Tom Okafor')
    await page.locator('#f-interviewer-3-email').fill('tom@example.com')
    // Enter in a field logs the interview (the form's default button), not another row.
    await page.locator('#f-interviewer-3-email').press('Enter')
    await page.waitForURL(/\/interviews\/\d+$/)
    const interviewUrl = page.url()
    expect(await page.locator('.flash').textContent()).toBe(
      'Logged Northwind Security — Application Security Engineer with 2 interviewers. Now capture the questions.',
    )

    const questions: [string, string, string][] = [
      ['How would you threat-model a password reset flow?', 'shaky', 'threat modeling'],
      ['Explain TLS session resumption and its risks.', 'missed', 'tls, crypto'],
      ['What is the difference between SAST and DAST?', 'nailed', 'appsec'],
    ]
    // Saved with fetch: the list grows in place and the status says how many there are.
    for (const [i, [text, confidence, topics]] of questions.entries()) {
      await page.locator('#capture-text').fill(text)
      await page.locator('#capture-confidence').selectOption(confidence)
      await page.locator('#capture-topics').fill(topics)
      await page.getByRole('button', { name: 'Save question' }).click()
      await expect
        .poll(() => page.locator('#capture-status').textContent())
        .toBe(`Question saved (${i + 1}).`)
    }

    await page.goto(interviewUrl)
    const body = await page.locator('main').textContent()
    expect(body).toContain('Priya Raman')
    expect(body).toContain('Tom Okafor')
    expect(body).toContain('0/2 researched')
    expect(body).toContain('0/2 thanked')
    for (const [text] of questions) expect(body).toContain(text)
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    await page.screenshot({ path: '/tmp/debrief-375.png', fullPage: true })
    expect(scrollWidth).toBeLessThanOrEqual(375)

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click()
    await page.waitForURL(`${base}/`)
    const needs = page.locator('section', { has: page.getByRole('heading', { name: 'Needs follow-up' }) })
    await expect.poll(() => needs.textContent()).toContain('Northwind Security')
    const countdown = needs.locator('time[data-deadline]').first()
    expect(await countdown.textContent()).toMatch(/^(22 h 5\d min|23 h) left$/)
    expect(Number(await countdown.getAttribute('data-deadline'))).toBe(
      Date.parse(`${local(end)}:00Z`) + 24 * 60 * 60_000,
    )
    expect(await needs.textContent()).toContain('0/2 researched')

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Question bank' }).click()
    await page.getByRole('searchbox', { name: 'Search' }).fill('resumption')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.waitForURL(/\/questions\?q=resumption/)
    const results = page.locator('ul.questions li')
    expect(await results.count()).toBe(1)
    expect(await results.first().textContent()).toContain('Explain TLS session resumption and its risks.')
    expect(await results.first().locator('mark').first().textContent()).toBe('resumption')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)

    expect(errors, errors.join('\n')).toEqual([])
  }, 90_000)
})
