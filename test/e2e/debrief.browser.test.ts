import { describe, expect, it } from 'vitest'
import { browserApp, chromiumAvailable, pageErrors, signUpInBrowser } from '../helpers/browser.js'
import { TestClock } from '../helpers/clock.js'

const available = chromiumAvailable()

/** "YYYY-MM-DDTHH:mm" in UTC, the value a datetime-local input takes. */
const local = (ms: number) => new Date(ms).toISOString().slice(0, 16)

describe.runIf(available)('logging an interview in a real browser at phone width', () => {
  // The server's clock is the real one, so the live countdown in the page agrees with it.
  const suite = browserApp({ clock: new TestClock(Date.now()), scheduler: false })

  it('signs up, logs an interview with interviewers and questions, and finds it again', async () => {
    const { browser, base } = suite
    const page = await browser.newPage({ viewport: { width: 375, height: 800 } })
    // A failing step should name itself rather than run into the test's own timeout.
    page.setDefaultTimeout(10_000)
    const errors = pageErrors(page)

    await signUpInBrowser(page, base, { name: 'Lin Chen', email: 'lin@example.com' })

    await page.getByRole('link', { name: 'Log an interview' }).click()
    await page.waitForURL(`${base}/interviews/new`)
    const end = Date.now() - 60 * 60_000
    await page.getByLabel('Company').fill('Northwind Security')
    await page.locator('#f-role').fill('Application Security Engineer')
    await page.getByLabel('Kind').selectOption('panel')
    await page.getByLabel('Starts').fill(local(end - 90 * 60_000))
    await page.getByLabel('Ends').fill(local(end))
    await page.getByLabel('Time zone').fill('UTC')
    await page.getByLabel('Job posting URL').fill('https://jobs.example.com/appsec')
    await page.getByRole('button', { name: 'Log interview' }).click()
    await page.waitForURL(/\/interviews\/\d+$/)
    const interviewUrl = page.url()

    for (const [name, email] of [
      ['Priya Raman', 'priya@example.com'],
      ['Tom Okafor', 'tom@example.com'],
    ]) {
      const details = page.locator('#interviewers details')
      if (!(await details.evaluate((el) => (el as HTMLDetailsElement).open)))
        await details.locator('summary').click()
      await page.locator('#interviewer-name').fill(name!)
      await page.locator('#interviewer-email').fill(email!)
      await page.locator('#interviewer-topics').fill('threat modeling, OAuth')
      await page.getByRole('button', { name: 'Add interviewer' }).click()
      await page.waitForURL(`${interviewUrl}#add-interviewer`)
    }

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
