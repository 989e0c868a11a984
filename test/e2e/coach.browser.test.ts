import { describe, expect, it } from 'vitest'
import { interviewTimeline } from '../../src/services/interviews/timeline.js'
import {
  browserApp,
  chromiumAvailable,
  pageErrors,
  signUpFromInvitation,
  signUpInBrowser,
} from '../helpers/browser.js'
import { seedInterview } from '../helpers/seedRows.js'

const available = chromiumAvailable()

describe.runIf(available)('coach mode in a real browser', () => {
  // Sign-up is closed: the coach gets an account only through the invitation.
  const suite = browserApp({ env: { SIGNUP: 'closed' } })

  it('the candidate invites, the coach accepts and reads the interview read-only, and revocation refuses the next load', async () => {
    const { browser, base, ctx } = suite
    const candidate = await browser.newContext()
    const nia = await candidate.newPage()
    const niaErrors = pageErrors(nia)
    await signUpInBrowser(nia, base, { name: 'Nia Patel', email: 'nia@example.com' })
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

    const coach = await browser.newContext()
    const casey = await coach.newPage()
    const caseyErrors = pageErrors(casey)
    await signUpFromInvitation(casey, link, { name: 'Casey Coach', email: 'casey@example.com' })
    await casey.waitForURL(link)
    expect(await casey.locator('#coach-never-sees').textContent()).toContain('their Mailbox')
    await casey.getByRole('button', { name: 'Accept and become their coach' }).click()
    await casey.waitForURL(`${base}/coach`)
    await casey.getByRole('button', { name: 'View Nia Patel’s debrief' }).click()
    await casey.waitForURL(`${base}/`)
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

    const refused = await casey.reload()
    expect(refused?.status()).toBe(403)
    expect(await casey.textContent('main')).toContain('no longer shared with you')
    expect(await casey.textContent('main')).not.toContain('Site Reliability Engineer')
    expect(niaErrors, niaErrors.join('\n')).toEqual([])
    // The refused load itself logs a 403 in the console; nothing else may.
    expect(
      caseyErrors.filter((e) => !e.includes('403')),
      caseyErrors.join('\n'),
    ).toEqual([])
    await candidate.close()
    await coach.close()
  })
})
