import { expect, it } from 'vitest'
import { axeViolations, describeInBrowser, openTab, signupBrowserApp } from '../helpers/browser.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'

describeInBrowser('research page in a real browser', () => {
  const suite = signupBrowserApp()

  it('"Use this answer" fills the answer and sources in place, focus in the answer, then saving moves on', async () => {
    const { ctx, base } = suite
    const { page, errors } = await openTab(suite, {
      signUp: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'UTC' },
    })
    const userId = userIdOf(ctx.app, 'ada@example.com')
    seedDebrief(ctx.app, userId, {
      company: 'Initech',
      questions: [
        {
          text: 'Explain Kerberoasting and how to detect it',
          confidence: 'missed',
          answer: 'Service tickets cracked offline;\nwatch event 4769 with RC4.',
          sources: ['https://attack.mitre.org/techniques/T1558/003/'],
        },
      ],
    })
    const seed = seedDebrief(ctx.app, userId, {
      company: 'Acme',
      questions: [
        { text: 'What is Kerberoasting?', confidence: 'missed' },
        { text: 'What is a golden ticket?', confidence: 'shaky' },
      ],
    })

    await page.goto(`${base}/questions/${seed.questionIds[0]}`)
    const answer = page.getByLabel('Researched answer')
    // The answer field is where the page starts.
    await expect.poll(() => answer.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.getByTestId('deadline-bar').textContent()).toContain('0/2 researched')
    const similar = page.getByRole('region', { name: 'Similar questions you researched' })
    expect(await similar.textContent()).toContain('Explain Kerberoasting and how to detect it')

    // No page load: a marker set on this window survives the click.
    await page.evaluate(() => {
      ;(window as unknown as { marker: string }).marker = 'same page'
    })
    const loads: string[] = []
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) loads.push(frame.url())
    })
    await similar.getByRole('button', { name: 'Use this answer' }).click()
    expect(await answer.inputValue()).toBe('Service tickets cracked offline;\nwatch event 4769 with RC4.')
    expect(await page.getByLabel('Sources').inputValue()).toBe(
      'https://attack.mitre.org/techniques/T1558/003/',
    )
    expect(await answer.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await page.locator('#reuse-status').textContent()).toContain(
      'Nothing is saved until you save research.',
    )
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page')
    expect(loads).toEqual([])
    // Nothing saved yet.
    const stored = () =>
      ctx.app.db
        .prepare('SELECT researched_answer FROM questions WHERE id = ?')
        .pluck()
        .get(seed.questionIds[0])
    expect(stored()).toBe('')

    // Saving goes on to the next question to research, its answer field in focus.
    await page.getByRole('button', { name: 'Save research' }).click()
    await page.waitForURL(`${base}/questions/${seed.questionIds[1]}`)
    // Browsers send a textarea's line breaks as CRLF.
    expect(String(stored()).replaceAll('\r\n', '\n')).toBe(
      'Service tickets cracked offline;\nwatch event 4769 with RC4.',
    )
    expect(await page.locator('#flash').textContent()).toBe('Research saved — 1 left.')
    await expect
      .poll(() => page.getByLabel('Researched answer').evaluate((el) => el === document.activeElement))
      .toBe(true)
    expect(await page.getByTestId('deadline-bar').textContent()).toContain('1/2 researched')
    expect(errors).toEqual([])
  })
  it('shows similar questions with no accessibility violation or sideways scroll, at 1280 and 375 px', async () => {
    const { ctx, base } = suite
    // axe comes in as a script tag, which the content security policy rightly refuses; this
    // context bypasses it for that script (pages-layout.browser.test.ts does the same).
    const { context, page } = await openTab(suite, {
      viewport: { width: 1280, height: 800 },
      bypassCSP: true,
      signUp: { name: 'Grace Hopper', email: 'grace@example.com', timeZone: 'UTC' },
    })
    const userId = userIdOf(ctx.app, 'grace@example.com')
    seedDebrief(ctx.app, userId, {
      questions: [
        {
          text: 'Explain Kerberoasting and how to detect it',
          confidence: 'missed',
          answer: `A very long answer: ${'service-ticket-requests-for-accounts-with-an-SPN '.repeat(20)}`,
          sources: ['https://attack.mitre.org/techniques/T1558/003/'],
        },
      ],
    })
    const seed = seedDebrief(ctx.app, userId, {
      questions: [{ text: 'What is Kerberoasting?', confidence: 'missed' }],
    })
    const problems: string[] = []
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 800 })
      await page.goto(`${base}/questions/${seed.questionIds[0]}`)
      expect(await page.getByRole('region', { name: 'Similar questions you researched' }).count()).toBe(1)
      for (const violation of await axeViolations(page)) problems.push(`${width}px axe ${violation}`)
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      )
      if (wide) problems.push(`${width}px scrolls sideways`)
    }
    await context.close()
    expect(problems).toEqual([])
  }, 120_000)

  it('turns the deadline bar amber when the countdown crosses 4 hours, without a reload', async () => {
    const { ctx, base } = suite
    const { page, errors } = await openTab(suite, {
      signUp: { name: 'Bo Chen', email: 'bo@example.com', timeZone: 'UTC' },
    })
    const now = ctx.clock.now()
    // The server's clock and the page's agree; the deadline is 4 h 2 min away: calm now, amber two minutes later.
    const seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'bo@example.com'), {
      endsAt: now - 20 * 3_600_000 + 2 * 60_000,
      questions: [{ text: 'What is pass-the-hash?', confidence: 'missed' }],
    })
    await page.clock.install({ time: now })
    await page.goto(`${base}/questions/${seed.questionIds[0]}`)
    const bar = page.getByTestId('deadline-bar')
    expect(await bar.getAttribute('class')).toContain('deadline-bar-calm')
    await page.clock.runFor(3 * 60_000)
    await expect.poll(() => bar.getAttribute('class')).toContain('deadline-bar-soon')
    expect(await bar.locator('time.countdown').getAttribute('class')).toContain('soon')
    expect(errors, errors.join('\n')).toEqual([])
  })
})
