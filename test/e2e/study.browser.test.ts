import type { BrowserContextOptions } from 'playwright-core'
import { expect, it } from 'vitest'
import { ownerAccess } from '../../src/services/access.js'
import { studyAccess } from '../../src/services/study.js'
import { axeViolations, describeInBrowser, openPhoneTab, signupBrowserApp } from '../helpers/browser.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'

// A function, not a string: Playwright polls a string predicate with eval(), which the page's
// CSP refuses whenever the first check finds the old document still showing.
const nextPageLoaded = () => document.readyState !== 'loading' && !document.documentElement.dataset.rated

describeInBrowser('studying in a real browser', () => {
  const suite = signupBrowserApp()

  /** A new account on a phone-sized screen with a deck of researched questions, logged in that order. */
  async function phoneWithDeck(
    email: string,
    questions: Parameters<typeof addQuestion>[3][],
    options: BrowserContextOptions = {},
  ) {
    const { ctx } = suite
    const tab = await openPhoneTab(suite, { name: 'Sam', email }, options)
    const user = ctx.app.repos.users.findByEmail(email)!
    const interviewId = pastInterview(ctx.app, user.id, 'Northwind')
    for (const question of questions) addQuestion(ctx.app, user.id, interviewId, question)
    return tab
  }

  it('runs a keyboard-only session of three cards on a phone-sized screen', async () => {
    const { ctx, base } = suite
    const { context, page, errors } = await phoneWithDeck(
      'sam@example.com',
      [1, 2, 3].map((n) => ({ text: `Question ${n}`, answer: `Answer ${n}` })),
    )

    await page.goto(`${base}/`)
    expect(await page.locator('#nav-study-due').textContent()).toContain('3')
    // Tab along the page to the menu's Study link and follow it with Enter.
    const onStudyLink = () => page.evaluate(() => document.activeElement?.getAttribute('href') === '/study')
    for (let tabs = 0; tabs < 40 && !(await onStudyLink()); tabs++) await page.keyboard.press('Tab')
    expect(await onStudyLink()).toBe(true)
    await page.keyboard.press('Enter')
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
      await page.waitForFunction(nextPageLoaded)
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

  it('has no axe violation at 375 px with the answer and rating buttons shown, nor on the study charts with their tables open', async () => {
    const { base } = suite
    const { context, page, errors } = await phoneWithDeck(
      'ray@example.com',
      [
        {
          text: 'How does a B-tree stay balanced?',
          answer: 'Nodes split on insert and merge on delete, so every leaf is at the same depth.',
          topics: ['Databases', 'Data structures'],
          sources: ['https://example.com/b-trees'],
        },
      ],
      { bypassCSP: true },
    )
    await page.goto(`${base}/study`)
    await page.keyboard.press('Space')
    expect(await page.locator('.study-answer').first().isVisible()).toBe(true)
    const buttons = page.locator('.study-ratings button')
    expect(await buttons.count()).toBe(4)
    for (const button of await buttons.all()) expect(await button.isVisible()).toBe(true)
    expect(await axeViolations(page)).toEqual([])
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(375)

    // Easy takes the card to review; forgetting it then is a lapse, so every study chart has data.
    await page.evaluate('document.documentElement.dataset.rated = "1"')
    await page.keyboard.press('4')
    await page.waitForFunction(nextPageLoaded)
    const user = suite.ctx.app.repos.users.findByEmail('ray@example.com')!
    const [card] = suite.ctx.app.db
      .prepare('SELECT question_id FROM study_cards WHERE user_id = ?')
      .pluck()
      .all(user.id)
    expect(
      suite.ctx.app.study.review(studyAccess(ownerAccess(user.id), user.timeZone), card as number, 'again')
        .ok,
    ).toBe(true)
    await page.goto(`${base}/insights`)
    for (const id of ['chart-reviews', 'chart-retention', 'chart-lapses'])
      await page.locator(`#${id} summary`).click()
    expect(await page.locator('#chart-retention tbody tr').count()).toBe(8)
    expect(await page.locator('#chart-lapses tbody tr').count()).toBe(2)
    expect(await axeViolations(page)).toEqual([])
    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })
})
