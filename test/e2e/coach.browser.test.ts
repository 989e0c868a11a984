import { expect, it } from 'vitest'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import { browserApp, describeInBrowser, openTab, signUpFromInvitation } from '../helpers/browser.js'
import { acceptAndView, expectOnlyTheRefusal, refusedReload } from '../helpers/coachBrowser.js'
import { seedInterview } from '../helpers/seedRows.js'

describeInBrowser('coach mode in a real browser', () => {
  // Sign-up is closed: the coach gets an account only through the invitation.
  const suite = browserApp({ env: { SIGNUP: 'closed' } })

  it('the candidate invites, the coach accepts and reads the interview read-only, and revocation refuses the next load', async () => {
    const { base, ctx } = suite
    const {
      context: candidate,
      page: nia,
      errors: niaErrors,
    } = await openTab(suite, { signUp: { name: 'Nia Patel', email: 'nia@example.com' } })
    const niaId = ctx.app.repos.users.findByEmail('nia@example.com')!.id
    const now = ctx.clock.now()
    const interview = interviewTimeline(ctx.app.db, ctx.app.repos).create(
      niaId,
      seedInterview({
        company: 'Globex',
        role: 'Site Reliability Engineer',
        startsAt: now - 2 * 3_600_000,
        endsAt: now - 3_600_000,
        timeZone: 'UTC',
        outcome: 'pending',
      }),
      now,
    )

    await nia.goto(`${base}/settings`)
    await nia.getByRole('link', { name: 'Coach', exact: true }).click()
    await nia.getByLabel('Your coach’s e-mail address').fill('casey@example.com')
    await nia.getByRole('button', { name: 'Invite and allow access' }).click()
    const shown = await nia.locator('#invitation-url').inputValue()
    expect(shown).toMatch(/\/coach\/invite\/dbi_/)
    // The link is built on BASE_URL; this server listens on a port of its own.
    const link = `${base}${new URL(shown).pathname}`

    const { context: coach, page: casey, errors: caseyErrors } = await openTab(suite)
    await signUpFromInvitation(casey, link, { name: 'Casey Coach', email: 'casey@example.com' })
    await casey.waitForURL(link)
    expect(await casey.locator('#coach-never-sees').textContent()).toContain('their Mailbox')
    await acceptAndView(casey, base, 'Nia Patel')
    expect(await casey.locator('#viewing-banner').textContent()).toContain(
      'Viewing Nia Patel’s debrief — read-only',
    )
    await casey
      .getByRole('link', { name: /Globex — Site Reliability Engineer/ })
      .first()
      .click()
    await casey.waitForURL(`${base}/interviews/${interview.id}`)
    expect(await casey.locator('h1').textContent()).toContain('Globex — Site Reliability Engineer')
    expect(await casey.locator('#viewing-banner').isVisible()).toBe(true)
    expect(await casey.getByRole('button', { name: 'Mark followed up' }).count()).toBe(0)
    expect(await casey.getByRole('button', { name: 'Save question' }).count()).toBe(0)
    expect(await casey.getByRole('link', { name: 'Edit', exact: true }).count()).toBe(0)

    await nia.goto(`${base}/settings/coach`)
    expect(await nia.locator('#coach-views').textContent()).toContain(`/interviews/${interview.id}`)
    await nia.getByRole('button', { name: 'Revoke access' }).click()
    await nia.waitForURL(`${base}/settings/coach`)
    expect(await nia.locator('#no-coaches').isVisible()).toBe(true)

    const refused = await refusedReload(casey)
    expect(refused).toContain('no longer shared with you')
    expect(refused).not.toContain('Site Reliability Engineer')
    expectOnlyTheRefusal(niaErrors, caseyErrors)
    await candidate.close()
    await coach.close()
  })
})
