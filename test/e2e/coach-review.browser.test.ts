import { describe, expect, it } from 'vitest'
import {
  chromiumAvailable,
  mailingBrowserApp,
  pageErrors,
  signUpFromInvitation,
  signUpInBrowser,
} from '../helpers/browser.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'

const available = chromiumAvailable()

// The whole review loop over a real SMTP peer: the invitation and the note both go out by mail.
describe.runIf(available)('a coach reviews a thank-you note in a real browser', () => {
  // No undo window: a confirmed send goes at once.
  const suite = mailingBrowserApp({ SIGNUP: 'closed', SEND_UNDO_SECONDS: '0' })

  it('the candidate invites, the coach suggests a text, the candidate applies and sends it; revoked, the coach is refused', async () => {
    const { browser, base, ctx, peer } = suite
    const candidate = await browser.newContext()
    const nia = await candidate.newPage()
    nia.setDefaultTimeout(8000)
    const niaErrors = pageErrors(nia)
    await signUpInBrowser(nia, base, { name: 'Nia Patel', email: 'nia@example.com' })
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

    const coach = await browser.newContext()
    const casey = await coach.newPage()
    casey.setDefaultTimeout(8000)
    const caseyErrors = pageErrors(casey)
    await signUpFromInvitation(casey, `${base}${path}`, { name: 'Casey Coach', email: 'casey@example.com' })
    await casey.getByRole('button', { name: 'Accept and become their coach' }).click()
    await casey.waitForURL(`${base}/coach`)
    await casey.getByRole('button', { name: 'View Nia Patel’s debrief' }).click()
    await casey.waitForURL(`${base}/`)

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
    const refused = await casey.reload()
    expect(refused?.status()).toBe(403)
    expect(await casey.textContent('main')).not.toContain('Shorter and warmer')

    expect(niaErrors, niaErrors.join('\n')).toEqual([])
    expect(
      caseyErrors.filter((e) => !e.includes('403')),
      caseyErrors.join('\n'),
    ).toEqual([])
    await candidate.close()
    await coach.close()
  })
})
