import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect, it } from 'vitest'
import { describeInBrowser, mailingBrowserApp, openTab } from '../helpers/browser.js'
import { flowBudget } from '../helpers/flowBudget.js'

// The whole follow-up right after an interview, as a new user does it (sign-up excluded): log it
// with two interviewers, capture four questions (two missed, one shaky, one nailed), research the
// three that need it, send both notes. Once with the mouse, counting clicks and page loads, and
// once with the keyboard alone, counting the Tabs from each save to the control that continues.
// DEBRIEF_SCREENSHOTS=<dir> also saves the interview page before, during and after the follow-up.

const UNDO_S = 10
const MAX_CLICKS = 18
const MAX_LOADS = 12
const MAX_TABS = 3
const SHOTS = process.env.DEBRIEF_SCREENSHOTS

const QUESTIONS = [
  { text: 'What is Kerberoasting, and how would you detect it?', confidence: 'missed' },
  { text: 'How does a SIEM correlation rule reduce alert fatigue?', confidence: 'missed' },
  { text: 'Walk me through triaging a phishing report.', confidence: 'shaky' },
  { text: 'What is the difference between TCP and UDP?', confidence: 'nailed' },
] as const
const RESEARCH = [
  [
    'Requesting service tickets for SPN accounts and cracking them offline; detect via event 4769 with RC4.',
    'https://attack.mitre.org/techniques/T1558/003/',
  ],
  [
    'Correlating several weak signals into one alert with context cuts duplicates and noise.',
    'https://www.elastic.co/guide/en/security/current/rules-ui-create.html',
  ],
  ['Check headers and links in a sandbox, search for other recipients, block, reset, report back.', ''],
] as const

// A whole debrief in a browser takes well past the default timeout on a busy two-core machine.
describeInBrowser('the first debrief, end to end', { timeout: 120_000 }, () => {
  const suite = mailingBrowserApp({ SIGNUP: 'open', SEND_UNDO_SECONDS: String(UNDO_S) })

  /** A signed-in tab at a desktop width; the sign-up's own loads happen before counting starts. */
  const signedIn = (email: string, name: string) =>
    openTab(suite, {
      viewport: { width: 1280, height: 900 },
      signUp: { name, email, timeZone: 'America/New_York' },
    })

  /** The interview page in a tab of its own, so the picture costs the flow nothing. */
  async function screenshot(page: Page, interviewUrl: string, name: string) {
    if (!SHOTS) return
    mkdirSync(SHOTS, { recursive: true })
    const tab = await page.context().newPage()
    await tab.goto(interviewUrl)
    await tab.screenshot({ path: join(SHOTS, `interview-${name}.png`), fullPage: true })
    await tab.close()
  }

  const mailsTo = (address: string) => suite.peer.received.filter((m) => m.envelope.to.includes(address))

  async function afterUndoWindow() {
    suite.ctx.clock.advance((UNDO_S + 1) * 1000)
    await suite.ctx.app.reminderDispatcher.runDuePass()
  }

  it(`takes at most ${MAX_CLICKS} clicks and ${MAX_LOADS} page loads with the mouse`, async () => {
    const { context, page, errors } = await signedIn('nia@example.com', 'Nia Okafor')
    await page.goto(`${suite.base}/interviews/new`)
    const budget = flowBudget(page)
    const loadsBefore = budget.loads

    // "Just finished" is what the form opens as: company, role and the two people, then log it.
    await page.getByLabel('Company').fill('Globex')
    await page.getByLabel('Role').fill('SOC Analyst')
    await page.locator('#f-interviewer-1-name').fill('Dana Ruiz')
    await page.locator('#f-interviewer-1-title').fill('SOC Lead')
    await page.locator('#f-interviewer-1-email').fill('dana@globex.example')
    await page.locator('#f-interviewer-2-name').fill('Sam Lee')
    await page.locator('#f-interviewer-2-email').fill('sam@globex.example')
    await budget.click(page.getByRole('button', { name: 'Log interview', exact: true }))
    await page.waitForURL(/\/interviews\/\d+$/)
    const interviewUrl = page.url()
    await screenshot(page, interviewUrl, 'before')

    // Four questions, each saved in place.
    for (const [n, q] of QUESTIONS.entries()) {
      await page.locator('#capture-text').fill(q.text)
      await page.locator('#capture-confidence').selectOption(q.confidence)
      await budget.click(page.getByRole('button', { name: 'Save question' }))
      await expect
        .poll(() => page.locator('#capture-status').textContent())
        .toBe(`Question saved (${n + 1}).`)
    }
    expect(await page.locator('#next-step').textContent()).toMatch(/Research 3 /)

    // The guide opens the first question to research; each save goes on to the next.
    await budget.click(page.locator('#next-step'))
    for (const [n, [answer, source]] of RESEARCH.entries()) {
      await page.getByLabel('Researched answer').fill(answer)
      if (source) await page.getByLabel('Sources').fill(source)
      await budget.click(page.getByRole('button', { name: 'Save research' }))
      await page.waitForLoadState('load')
      if (n === 0) await screenshot(page, interviewUrl, 'during')
    }
    await page.waitForURL(interviewUrl)
    expect(await page.locator('#flash').textContent()).toContain('All 3 questions researched')
    expect(await page.locator('#next-step').textContent()).toMatch(/^Send .+ note$/)

    // The drafts page, then one click per note.
    await budget.click(page.locator('#next-step'))
    await page.waitForURL(/\/drafts/)
    for (let note = 0; note < 2; note++) {
      await budget.click(page.locator('#next-note'))
      await page.waitForLoadState('load')
      await expect.poll(() => page.locator('#flash').textContent()).toMatch(/^Sending to /)
    }
    await expect.poll(() => page.locator('#all-sent').count()).toBe(1)
    await afterUndoWindow()
    expect(mailsTo('dana@globex.example')).toHaveLength(1)
    expect(mailsTo('sam@globex.example')).toHaveLength(1)
    await screenshot(page, interviewUrl, 'after')

    const loads = budget.loads - loadsBefore + 1 // the form itself is the first page of the flow
    expect(budget.clicks).toBeLessThanOrEqual(MAX_CLICKS)
    expect(loads).toBeLessThanOrEqual(MAX_LOADS)
    console.info(`first debrief with the mouse: ${budget.clicks} clicks, ${loads} page loads`)
    expect(errors).toEqual([])
    await context.close()
  })

  it(`needs at most ${MAX_TABS} Tabs from each save to the next action with the keyboard alone`, async () => {
    const { context, page, errors } = await signedIn('kai@example.com', 'Kai Mensah')
    await page.goto(`${suite.base}/interviews/new`)
    const budget = flowBudget(page)
    const focusedId = () => page.evaluate(() => document.activeElement?.id ?? '')
    /** Moves through a form with Tab (not part of the budget: that is filling the form in). */
    async function tabInto(selector: string) {
      const target = page.locator(selector)
      for (let i = 0; i < 40 && !(await target.evaluate((el) => el === document.activeElement)); i++)
        await page.keyboard.press('Tab')
      expect(await target.evaluate((el) => el === document.activeElement), selector).toBe(true)
    }

    expect(await focusedId()).toBe('f-company')
    await page.keyboard.type('Initech')
    await tabInto('#f-role')
    await page.keyboard.type('Security Engineer')
    await tabInto('#f-interviewer-1-name')
    await page.keyboard.type('Ana Silva')
    await tabInto('#f-interviewer-1-email')
    await page.keyboard.type('ana@initech.example')
    await tabInto('#f-interviewer-2-name')
    await page.keyboard.type('Ben Cho')
    await tabInto('#f-interviewer-2-email')
    await page.keyboard.type('ben@initech.example')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/interviews\/\d+$/)
    const interviewUrl = page.url()
    await budget.tabTo(page.locator('#capture-text'), 'the first question after logging')

    for (const [n, q] of QUESTIONS.entries()) {
      await page.keyboard.type(q.text)
      await tabInto('#capture-confidence')
      await page.keyboard.type(q.confidence)
      expect(await page.locator('#capture-confidence').inputValue()).toBe(q.confidence)
      await tabInto('#capture-text')
      await page.keyboard.press('Control+Enter')
      await expect
        .poll(() => page.locator('#capture-status').textContent())
        .toBe(`Question saved (${n + 1}).`)
      if (n < QUESTIONS.length - 1) await budget.tabTo(page.locator('#capture-text'), `question ${n + 2}`)
    }
    // The guide's action sits just above the capture form: Shift+Tab counts as a Tab.
    await budget.tabTo(page.locator('#next-step'), 'the guide after the last question', { backwards: true })
    await page.keyboard.press('Enter')

    for (const [n, [answer]] of RESEARCH.entries()) {
      await page.waitForURL(/\/questions\/\d+$/)
      await budget.tabTo(page.getByLabel('Researched answer'), `research answer ${n + 1}`)
      await page.keyboard.type(answer)
      await tabInto('button[type="submit"]:text("Save research")')
      await page.keyboard.press('Enter')
      await page.waitForLoadState('load')
    }
    await page.waitForURL(interviewUrl)
    await budget.tabTo(page.locator('#next-step'), 'the guide after the last research')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/drafts/)
    for (let note = 0; note < 2; note++) {
      await budget.tabTo(page.locator('#next-note'), `note ${note + 1}`)
      await page.keyboard.press('Enter')
      await page.waitForLoadState('load')
      await expect.poll(() => page.locator('#flash').textContent()).toMatch(/^Sending to /)
    }
    await budget.tabTo(page.locator('#all-sent'), 'the all-sent line')
    await afterUndoWindow()
    expect(mailsTo('ana@initech.example')).toHaveLength(1)
    expect(mailsTo('ben@initech.example')).toHaveLength(1)

    expect(budget.clicks).toBe(0)
    const over = budget.tabRuns.filter((run) => run.tabs > MAX_TABS)
    expect(over, JSON.stringify(budget.tabRuns)).toEqual([])
    expect(budget.tabRuns.length).toBe(1 + 3 + 1 + 3 + 1 + 2 + 1)
    console.info(
      `first debrief by keyboard: ${budget.tabRuns.map((r) => r.tabs).join(', ')} Tabs after each save`,
    )
    expect(errors).toEqual([])
    await context.close()
  })
})
