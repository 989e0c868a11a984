import type { Browser, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { chromiumAvailable, launchBrowser, pageErrors } from '../helpers/browser.js'
import { type Debrief, type DebriefSeed, seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { SmtpPeer } from '../helpers/smtp.js'

const available = chromiumAvailable()
const UNDO_MS = 30_000

describe.runIf(available)('sending follow-up notes in a real browser', () => {
  let browser: Browser
  let peer: SmtpPeer
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  let base: string

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => browser?.close())
  beforeEach(async () => {
    peer = await new SmtpPeer().start()
    ctx = await createTestApp({
      scheduler: false,
      mailTransport: peer.url,
      env: { SEND_UNDO_SECONDS: String(UNDO_MS / 1000), MAIL_FROM: 'Debrief <debrief@debrief.example>' },
    })
    base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterEach(async () => {
    await ctx?.close()
    await peer?.stop()
  })

  /** A signed-in page on the drafts of a seeded interview. */
  async function open(seed: DebriefSeed): Promise<{ page: Page; debrief: Debrief; errors: string[] }> {
    const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
    const debrief = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), seed)
    // The passes that send notes would send due reminders too; these tests are about the notes.
    ctx.app.db.prepare("UPDATE reminders SET state = 'cancelled'").run()
    const context = await browser.newContext()
    await context.addCookies([...agent.cookies].map(([name, value]) => ({ name, value, url: base })))
    const page = await context.newPage()
    const errors = pageErrors(page)
    await page.goto(`${base}/interviews/${debrief.interviewId}/drafts`)
    return { page, debrief, errors }
  }
  const GRACE = {
    interviewers: [{ name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' }],
  }
  const toGrace = () => peer.received.filter((m) => m.envelope.to.includes('grace@example.com'))
  const afterWindow = async () => {
    ctx.clock.advance(UNDO_MS + 1)
    await ctx.app.reminderDispatcher.runDuePass()
  }
  /** Sends the note through the confirmation step, with whatever its editor holds. */
  async function send(page: Page, kind: string) {
    await page
      .locator(`article[data-kind="${kind}"]`)
      .getByRole('button', { name: 'Send from Debrief…' })
      .click()
    await page.getByTestId('send-preview').waitFor()
  }

  it('sends the edited text, unsaved, after a confirmation that names the recipient', async () => {
    const { page, errors } = await open(GRACE)
    const thanks = page.locator('article[data-kind="thank_you"]')
    await thanks.getByLabel('Subject').fill('Thank you, Grace')
    await thanks.getByLabel('Text').fill('Edited in the browser and never saved.')
    await send(page, 'thank_you')
    const preview = page.getByTestId('send-preview')
    expect(await preview.locator('[data-field="to"]').textContent()).toBe('Grace Hopper <grace@example.com>')
    expect(await preview.locator('[data-field="subject"]').textContent()).toBe('Thank you, Grace')
    expect(await preview.locator('[data-field="from"]').textContent()).toBe(
      '"Ada Lovelace via Debrief" <debrief@debrief.example>',
    )
    expect(toGrace()).toHaveLength(0)
    await page.getByRole('button', { name: 'Send to Grace Hopper <grace@example.com>' }).click()
    await page.waitForURL(/\/drafts#draft-\d+$/)
    expect(await page.getByTestId(/^undo-/).textContent()).toMatch(/Sending in \d+ s — Undo/)
    expect(await page.locator('main').textContent()).not.toMatch(/Message-ID|<draft-/)
    expect(toGrace()).toHaveLength(0)

    await afterWindow()
    expect(toGrace()).toHaveLength(1)
    const [mail] = toGrace()
    expect(mail!.parsed.subject).toBe('Thank you, Grace')
    expect(mail!.parsed.text?.trim()).toBe('Edited in the browser and never saved.')
    expect(mail!.parsed.from?.value).toEqual([
      { name: 'Ada Lovelace via Debrief', address: 'debrief@debrief.example' },
    ])
    await page.reload()
    expect(await page.locator('article[data-kind="thank_you"] .badge').textContent()).toBe('Sent')
    expect(await page.locator('main').textContent()).not.toMatch(/Message-ID|<draft-/)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('records the edited text, unsaved, when marking as sent', async () => {
    const { page, errors } = await open(GRACE)
    const thanks = page.locator('article[data-kind="thank_you"]')
    await thanks.getByLabel('Text').fill('Sent from my own mail program, edited here first.')
    await thanks.getByRole('button', { name: 'Mark as sent' }).click()
    await page.waitForURL(/\/drafts#draft-\d+$/)
    const stored = ctx.app.db
      .prepare("SELECT body, state, sent_via FROM drafts WHERE kind = 'thank_you'")
      .get()
    expect(stored).toEqual({
      body: 'Sent from my own mail program, edited here first.',
      state: 'sent',
      sent_via: 'manual',
    })
    expect(toGrace()).toHaveLength(0)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('asks before leaving the page with edits no button has used', async () => {
    const { page } = await open(GRACE)
    await page.locator('article[data-kind="thank_you"]').getByLabel('Text').fill('Half-written')
    const asked: string[] = []
    page.on('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.dismiss()
    })
    await page.close({ runBeforeUnload: true })
    await expect.poll(() => asked).toEqual(['beforeunload'])
  })

  it('after a thank-you went out, no Send on the page delivers a second one', async () => {
    const { page, errors } = await open({
      ...GRACE,
      questions: [{ by: 0, text: 'How does a B-tree stay balanced?', answer: 'Nodes split and merge.' }],
    })
    // Both are owed: the page asks first and shows only the chosen notes.
    expect(await page.locator('article.draft').count()).toBe(0)
    await page.getByRole('button', { name: 'Two e-mails' }).click()
    await page.waitForURL(/\/drafts#interviewer-\d+$/)
    expect(await page.locator('article[data-kind="combined"]').count()).toBe(0)
    await send(page, 'thank_you')
    await page.getByRole('button', { name: /^Send to / }).click()
    await page.waitForURL(/\/drafts#draft-\d+$/)
    await afterWindow()
    const thanked = () =>
      toGrace().filter((m) => (m.parsed.text ?? '').includes('Thank you for taking the time'))
    expect(thanked()).toHaveLength(1)

    await page.reload()
    // Press every Send the page still offers, confirming each step the page presents as a plain send.
    for (let round = 0; round < 5; round++) {
      const buttons = page.getByRole('button', { name: 'Send from Debrief…' })
      const enabled = await buttons.evaluateAll(
        (all) => all.filter((b) => !(b as HTMLButtonElement).disabled).length,
      )
      if (enabled === 0) break
      await buttons.and(page.locator(':enabled')).first().click()
      await page.waitForLoadState()
      const repeat = page.getByTestId('repeat-question')
      if (await repeat.count()) {
        expect(await repeat.textContent()).toMatch(
          /You already thanked Grace Hopper on \w{3} \d\d:\d\d — send another\?/,
        )
        await repeat.getByRole('link', { name: 'No' }).click()
        await page.waitForLoadState()
        continue
      }
      await page.getByRole('button', { name: /^Send to / }).click()
      await page.waitForURL(/\/drafts#draft-\d+$/)
      await afterWindow()
      await page.reload()
    }
    expect(thanked()).toHaveLength(1)
    expect(toGrace().some((m) => (m.parsed.text ?? '').includes('Nodes split and merge.'))).toBe(true)
    expect(await page.locator('[data-testid="follow-up-glance"]').textContent()).toMatch(
      /thanked ✓ \/ answers ✓ — nothing owed/,
    )
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('undo inside the window: nothing reaches the mail server', async () => {
    const { page, errors } = await open(GRACE)
    await send(page, 'thank_you')
    await page.getByRole('button', { name: /^Send to / }).click()
    await page.waitForURL(/\/drafts#draft-\d+$/)
    await page.getByRole('button', { name: 'Undo' }).click()
    await page.waitForURL(/\/drafts#draft-\d+$/)
    expect(await page.locator('.flash').textContent()).toContain('Not sent')
    await afterWindow()
    await afterWindow()
    expect(peer.received).toHaveLength(0)
    expect(
      await page
        .locator('article[data-kind="thank_you"]')
        .getByRole('button', { name: 'Send from Debrief…' })
        .isEnabled(),
    ).toBe(true)
    expect(errors, errors.join('\n')).toEqual([])
  })
})
