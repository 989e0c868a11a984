import { expect, it } from 'vitest'
import { browserApp, describeInBrowser, openTab } from '../helpers/browser.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

describeInBrowser('studying in a real browser', () => {
  const suite = browserApp({ scheduler: false, env: { SIGNUP: 'open' } })

  it('runs a keyboard-only session of three cards on a phone-sized screen', async () => {
    const { ctx, base } = suite
    const { context, page, errors } = await openTab(suite, {
      viewport: { width: 375, height: 800 },
      signUp: { name: 'Sam', email: 'sam@example.com' },
    })
    const user = ctx.app.repos.users.findByEmail('sam@example.com')!
    const interviewId = pastInterview(ctx.app, user.id, 'Northwind')
    for (const n of [1, 2, 3])
      addQuestion(ctx.app, user.id, interviewId, { text: `Question ${n}`, answer: `Answer ${n}` })

    await page.goto(`${base}/`)
    expect(await page.locator('#nav-study-due').textContent()).toContain('3')
    await page.getByRole('link', { name: /Study/ }).click()
    await page.waitForURL(`${base}/study`)
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)

    const shown: string[] = []
    for (const key of ['3', '4', '2']) {
      const question = (await page.locator('.study-question').textContent())?.trim() ?? ''
      shown.push(question)
      const answer = page.locator('.study-answer').first()
      expect(await answer.isVisible()).toBe(false)
      await page.keyboard.press('Space')
      expect(await answer.isVisible()).toBe(true)
      expect(await answer.textContent()).toBe(question.replace('Question', 'Answer'))
      expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)
      // A second Space leaves the answer shown and rates nothing.
      await page.keyboard.press('Space')
      expect(await answer.isVisible()).toBe(true)
      // Mark this document, so the wait below ends only once the page after the rating has loaded.
      await page.evaluate('document.documentElement.dataset.rated = "1"')
      await page.keyboard.press(key)
      await page.waitForFunction(
        'document.readyState !== "loading" && !document.documentElement.dataset.rated',
      )
      expect(page.url()).toBe(`${base}/study`)
    }
    expect(shown).toEqual(['Question 1', 'Question 2', 'Question 3'])

    expect(await page.locator('#study-summary').isVisible()).toBe(true)
    const summary = await page.locator('#study-summary').textContent()
    expect(summary).toMatch(/Today you reviewed\s+3\s+cards/)
    expect(summary).toMatch(/Good:\s+1/)
    expect(summary).toMatch(/Easy:\s+1/)
    expect(summary).toMatch(/Hard:\s+1/)
    expect(summary).toMatch(/Again:\s+0/)
    const ratings = ctx.app.db.prepare('SELECT rating FROM study_reviews ORDER BY id').pluck().all()
    expect(ratings).toEqual([3, 4, 2])
    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })
})
