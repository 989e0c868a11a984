import { expect, it } from 'vitest'
import { describeInBrowser, mailingBrowserApp, openTab, signUpFromInvitation } from '../helpers/browser.js'
import { acceptAndView, expectOnlyTheRefusal, refusedReload } from '../helpers/coachBrowser.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'

// The whole review loop over a real SMTP peer: the invitation and the note both go out by mail.
describeInBrowser('a coach reviews a thank-you note in a real browser', () => {
  // No undo window: a confirmed send goes at once.
  const suite = mailingBrowserApp({ SIGNUP: 'closed', SEND_UNDO_SECONDS: '0' })

  it('the candidate invites, the coach suggests a text, the candidate applies and sends it; revoked, the coach is refused', async () => {
    const { base, ctx, peer } = suite
    const {
      context: candidate,
      page: nia,
      errors: niaErrors,
    } = await openTab(suite, { timeout: 8000, signUp: { name: 'Nia Patel', email: 'nia@example.com' } })
    const debrief = seedDebrief(ctx.app, userIdOf(ctx.app, 'nia@example.com'), {
      company: 'Globex',
      role: 'Security Analyst',
      interviewers: [{ name: 'Dana Ruiz', title: 'SOC Lead', email: 'dana@example.com' }],
    })
    const danaId = debrief.interviewerIds[0]!
    const drafts = `${base}/interviews/${debrief.interviewId}/drafts`

    await nia.goto(`${base}/settings/coach`)
    await nia.getByLabel('Your coach’s e-mail address').fill('casey@example.com')
    await nia.getByRole('button', { name: 'Invite and allow access' }).click()
    await nia.waitForURL(/\/settings\/coach/)
    const invitation = peer.received.find((m) => m.envelope.to.includes('casey@example.com'))
    const path = /\/coach\/invite\/dbi_[\w-]+/.exec(invitation?.parsed.text ?? '')?.[0]
    expect(path, 'the invitation e-mail carries the link').toBeDefined()

    const { context: coach, page: casey, errors: caseyErrors } = await openTab(suite, { timeout: 8000 })
    await signUpFromInvitation(casey, `${base}${path}`, { name: 'Casey Coach', email: 'casey@example.com' })
    await acceptAndView(casey, base, 'Nia Patel')

    const suggestion = 'Thank you for the conversation about detection engineering, Dana. I enjoyed it.'
    await casey.goto(drafts)
    await casey.locator(`#comment-${danaId}-thank_you`).fill('Shorter and warmer, please.')
    await casey.locator(`#suggestion-${danaId}-thank_you`).fill(suggestion)
    await casey.getByRole('button', { name: 'Add comment' }).first().click()
    await casey.waitForURL(new RegExp(`/interviews/${debrief.interviewId}/drafts`))
    expect(await casey.locator('main').textContent()).toContain('Shorter and warmer, please.')

    await nia.goto(drafts)
    const thanks = nia.locator('article[data-kind="thank_you"]')
    expect(await nia.locator('main').textContent()).toContain('Shorter and warmer, please.')
    await nia.getByRole('button', { name: 'Apply' }).first().click()
    await nia.waitForURL(new RegExp(`/interviews/${debrief.interviewId}/drafts`))
    expect(await thanks.getByLabel('Text').inputValue()).toBe(suggestion)
    await Promise.all([
      nia.waitForEvent('load'),
      thanks.getByRole('button', { name: 'Send to dana@example.com' }).click(),
    ])
    const toDana = peer.received.filter((m) => m.envelope.to.includes('dana@example.com'))
    expect(toDana).toHaveLength(1)
    expect(toDana[0]!.parsed.text?.trim()).toBe(suggestion)

    await nia.goto(`${base}/settings/coach`)
    await nia.getByRole('button', { name: 'Revoke access' }).click()
    await nia.waitForURL(`${base}/settings/coach`)
    expect(await refusedReload(casey)).not.toContain('Shorter and warmer')

    expectOnlyTheRefusal(niaErrors, caseyErrors)
    await candidate.close()
    await coach.close()
  })
})
