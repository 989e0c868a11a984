import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { describeInBrowser, launchBrowser, pageErrors } from '../helpers/browser.js'
import { type Debrief, type DebriefSeed, seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { SmtpPeer } from '../helpers/smtp.js'

const UNDO_MS = 30_000

describeInBrowser('sending follow-up notes in a real browser', () => {
  let browser: Browser
  let peer: SmtpPeer
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  let base: string

  beforeAll(async () => {
    browser = await launchBrowser()
  })
  beforeEach(async () => {
    // A browser that died in one test would fail every later one for a reason of its own.
    if (!browser.isConnected()) browser = await launchBrowser()
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
  const contexts: BrowserContext[] = []
  afterEach(async () => {
    // Pages kept open would hold the server's connections open.
    for (const context of contexts.splice(0)) await context.close()
    await ctx?.close()
    await peer?.stop()
  })

  /** A signed-in page on the drafts of a seeded interview. */
  async function open(
    seed: DebriefSeed,
    viewport = { width: 1280, height: 800 },
  ): Promise<{ page: Page; debrief: Debrief; errors: string[] }> {
    const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
    const debrief = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), seed)
    // The passes that send notes would send due reminders too; these tests are about the notes.
    ctx.app.db.prepare("UPDATE reminders SET state = 'cancelled'").run()
    const context = await browser.newContext({ viewport })
    contexts.push(context)
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
  /** Sends the note with the one Send button beside its preview, with whatever its editor holds. */
  async function send(page: Page, kind: string) {
    const button = page.locator(`article[data-kind="${kind}"]`).getByRole('button', { name: /^Send to / })
    await Promise.all([page.waitForEvent('load'), button.click()])
  }

  it('sends the edited text, unsaved, with one click beside the preview that names the recipient', async () => {
    const { page, errors } = await open(GRACE)
    const thanks = page.locator('article[data-kind="thank_you"]')
    // What goes to whom, from whom, stands beside the button before anything goes out.
    expect(await thanks.locator('[data-field="to"]').textContent()).toBe('Grace Hopper <grace@example.com>')
    expect(await thanks.locator('[data-field="from"]').textContent()).toBe(
      '"Ada Lovelace via Debrief" <debrief@debrief.example>',
    )
    expect(await thanks.locator('[data-field="reply-to"]').textContent()).toBe(
      'Ada Lovelace <ada@example.com>',
    )
    await thanks.getByLabel('Subject').fill('Thank you, Grace')
    await thanks.getByLabel('Text').fill('Edited in the browser and never saved.')
    expect(toGrace()).toHaveLength(0)
    await Promise.all([
      page.waitForEvent('load'),
      thanks.getByRole('button', { name: 'Send to grace@example.com' }).click(),
    ])
    expect(await page.locator('#flash').textContent()).toBe(
      'Sending to Grace Hopper in 30 s — Undo is on the note.',
    )
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
    await Promise.all([
      page.waitForEvent('load'),
      thanks.getByRole('button', { name: 'Mark as sent' }).click(),
    ])
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
    // Leaving is confirmed, so the page goes: a page kept open by a dismissed prompt has been
    // seen to take the whole browser down when its context closes.
    page.on('dialog', (dialog) => {
      asked.push(dialog.type())
      void dialog.accept()
    })
    const closed = page.waitForEvent('close')
    await page.close({ runBeforeUnload: true })
    await closed
    expect(asked).toEqual(['beforeunload'])
  })

  it('after a thank-you went out, no Send on the page delivers a second one', async () => {
    const { page, errors } = await open({
      ...GRACE,
      questions: [{ by: 0, text: 'How does a B-tree stay balanced?', answer: 'Nodes split and merge.' }],
    })
    // Both are owed: one combined e-mail by default, two on request.
    expect(await page.locator('article.draft').count()).toBe(1)
    expect(await page.locator('article[data-kind="combined"]').count()).toBe(1)
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Send as two e-mails instead' }).click(),
    ])
    expect(await page.locator('article[data-kind="combined"]').count()).toBe(0)
    await send(page, 'thank_you')
    await afterWindow()
    const thanked = () =>
      toGrace().filter((m) => (m.parsed.text ?? '').includes('Thank you for taking the time'))
    expect(thanked()).toHaveLength(1)

    await page.reload()
    // Press every Send the page still offers; a repeat question is answered No.
    for (let round = 0; round < 5; round++) {
      const buttons = page.getByRole('button', { name: /^Send to / })
      const enabled = await buttons.evaluateAll(
        (all) => all.filter((b) => !(b as HTMLButtonElement).disabled).length,
      )
      if (enabled === 0) break
      await Promise.all([page.waitForEvent('load'), buttons.and(page.locator(':enabled')).first().click()])
      const repeat = page.getByTestId('repeat-question')
      if (await repeat.count()) {
        expect(await repeat.textContent()).toMatch(
          /You already thanked Grace Hopper on \w{3} \d\d:\d\d — send another\?/,
        )
        await repeat.getByRole('link', { name: 'No' }).click()
        await page.waitForLoadState()
        continue
      }
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
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Undo' }).click()])
    expect(await page.locator('.flash').textContent()).toContain('Not sent')
    await afterWindow()
    await afterWindow()
    expect(peer.received).toHaveLength(0)
    expect(
      await page
        .locator('article[data-kind="thank_you"]')
        .getByRole('button', { name: 'Send to grace@example.com' })
        .isEnabled(),
    ).toBe(true)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('two interviewers: each note goes with one click and the page load after it, focus on the next', async () => {
    const { page, errors } = await open({
      interviewers: [
        { name: 'Dana Ruiz', title: 'SOC Lead', email: 'dana@example.com', topics: ['SIEM tuning'] },
        { name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' },
      ],
    })
    // The whole page for two people owed one note each stays short at 1280 px wide.
    expect(await page.evaluate(() => document.body.scrollHeight)).toBeLessThan(2500)
    let loads = 0
    page.on('load', () => {
      loads++
    })
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '')

    // Dana's note: one click.
    await Promise.all([
      page.waitForEvent('load'),
      page.getByRole('button', { name: 'Send to dana@example.com' }).click(),
    ])
    expect(loads).toBe(1)
    expect(await page.locator('#flash').textContent()).toBe(
      'Sending to Dana Ruiz in 30 s — Undo is on the note.',
    )
    expect(await page.getByTestId('deadline-bar').textContent()).toContain('1/2 notes sent')
    // Focus is already on the next note's Send, so the keyboard goes on from there.
    await expect.poll(focusedId).toBe('next-note')
    expect(await page.locator('#next-note').textContent()).toBe('Send to grace@example.com')

    // Grace's note: Enter on the focused button, one page load.
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')])
    expect(loads).toBe(2)
    await expect.poll(focusedId).toBe('all-sent')
    expect(await page.locator('#all-sent').textContent()).toContain('All notes sent or on their way.')
    expect(await page.getByTestId('deadline-bar').textContent()).toContain('2/2 notes sent')

    await afterWindow()
    expect(peer.received.filter((m) => m.envelope.to.includes('dana@example.com'))).toHaveLength(1)
    expect(toGrace()).toHaveLength(1)
    expect(errors, errors.join('\n')).toEqual([])
  })
})
