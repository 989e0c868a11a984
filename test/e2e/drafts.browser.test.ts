import { expect, it } from 'vitest'
import { browserApp, describeInBrowser, openTab } from '../helpers/browser.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'

describeInBrowser('follow-up drafts in a real browser', () => {
  const suite = browserApp({ scheduler: false })

  it('researches a question, edits the thank-you, marks both notes sent and sees the interview followed up', async () => {
    const { ctx, base } = suite
    const { page, errors } = await openTab(suite, {
      signUp: { name: 'Ada Lovelace', email: 'ada@example.com', timeZone: 'Europe/London' },
    })

    const seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), {
      company: 'Initech',
      role: 'Platform Engineer',
      interviewers: [
        {
          name: 'Grace Hopper',
          title: 'Principal Engineer',
          email: 'grace@example.com',
          topics: ['compilers'],
        },
      ],
      questions: [{ by: 0, text: 'How does a B-tree stay balanced?', confidence: 'missed' }],
    })

    // Research the question on its own page: an answer is all it takes.
    await page.goto(`${base}/questions/${seed.questionIds[0]}`)
    await page.getByLabel('Researched answer').fill('Nodes split when full & merge when sparse.')
    await page.getByLabel('Sources').fill('https://en.wikipedia.org/wiki/B-tree')
    await page.getByRole('button', { name: 'Save research' }).click()
    await page.waitForURL(new RegExp(`/interviews/${seed.interviewId}`))

    // The interview page leads to the drafts.
    await page.getByRole('link', { name: 'Follow-up drafts' }).click()
    await page.waitForURL(new RegExp(`/interviews/${seed.interviewId}/drafts$`))
    // Grace is owed a thank-you and an answer: one e-mail by default, two on request.
    expect(await page.locator('article[data-kind="combined"]').count()).toBe(1)
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Send as two e-mails instead' }).click(),
    ])
    const thanks = page.locator('article[data-kind="thank_you"]')
    const answers = page.locator('article[data-kind="answers"]')
    expect(await answers.getByLabel('Text').inputValue()).toContain(
      'Nodes split when full & merge when sparse.',
    )
    expect(await answers.getByLabel('Text').inputValue()).toContain('https://en.wikipedia.org/wiki/B-tree')
    // The copy buttons are revealed by the script; without it the text box is selectable.
    await expect.poll(() => thanks.getByRole('button', { name: 'Copy text' }).isVisible()).toBe(true)

    // Edit the thank-you note and see the edit kept after a reload.
    const body = thanks.getByLabel('Text')
    await body.fill(`${await body.inputValue()}\nP.S. I enjoyed the compiler stories.`)
    await Promise.all([page.waitForEvent('load'), thanks.getByRole('button', { name: 'Save edits' }).click()])
    expect(await page.locator('.flash').textContent()).toContain('Draft saved.')
    await page.reload()
    expect(await page.locator('article[data-kind="thank_you"]').getByLabel('Text').inputValue()).toContain(
      'P.S. I enjoyed the compiler stories.',
    )
    expect(await page.locator('article[data-kind="thank_you"] .badge').textContent()).toContain(
      'Edited draft',
    )

    // Mark both notes as sent from the user's own mail program.
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('article[data-kind="thank_you"]').getByRole('button', { name: 'Mark as sent' }).click(),
    ])
    expect(await page.getByTestId('interview-status').textContent()).toBe('Awaiting follow-up')
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('article[data-kind="answers"]').getByRole('button', { name: 'Mark as sent' }).click(),
    ])
    expect(await page.getByTestId('interview-status').textContent()).toBe('Followed up')
    expect(await page.locator('article[data-kind="thank_you"] .badge').textContent()).toContain('Sent')

    await page.goto(`${base}/interviews/${seed.interviewId}`)
    expect(await page.locator('main').textContent()).toContain('Followed up')
    expect(errors, errors.join('\n')).toEqual([])
  })
})
