import { existsSync } from 'node:fs'
import axe from 'axe-core'
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe } from 'vitest'
import { createTestApp } from './app.js'
import { SmtpPeer } from './smtp.js'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether the browser suite can run. Outside CI a missing Chromium skips the suite with one
 * loud line; with CI=true it is an error, so a broken CI image cannot pass silently.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true
  if (process.env.CI === 'true') {
    throw new Error(
      `CI=true but Chromium is missing at ${CHROMIUM_PATH}: install it (apt-get install -y chromium).`,
    )
  }
  process.stderr.write(
    `\n!!! Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium" or set CHROMIUM_PATH.\n\n`,
  )
  return false
}

/** A describe block of browser tests: it runs where Chromium is, and is skipped as chromiumAvailable says. */
export function describeInBrowser(name: string, body: () => void): void
export function describeInBrowser(name: string, options: { timeout: number }, body: () => void): void
export function describeInBrowser(
  name: string,
  optionsOrBody: { timeout: number } | (() => void),
  body?: () => void,
): void {
  if (typeof optionsOrBody === 'function') describe.runIf(chromiumAvailable())(name, optionsOrBody)
  else describe.runIf(chromiumAvailable())(name, optionsOrBody, body!)
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

type TestAppOptions = Parameters<typeof createTestApp>[0]
type TestAppContext = Awaited<ReturnType<typeof createTestApp>>

interface BrowserApp {
  ctx: TestAppContext
  browser: Browser
  /** The address the app listens on, without a trailing slash. */
  base: string
}

/**
 * Starts a test app on a free local port and a browser for the enclosing describe block, and
 * closes both after it. The fields are filled in beforeAll, so read them inside the tests.
 */
export function browserApp(options?: TestAppOptions): BrowserApp {
  return serve({} as BrowserApp, () => createTestApp(options))
}

/** browserApp with open sign-up and no scheduler, for suites whose people sign up in the browser. */
export function signupBrowserApp(options: TestAppOptions = {}): BrowserApp {
  return browserApp({ scheduler: false, ...options, env: { SIGNUP: 'open', ...options.env } })
}

/**
 * browserApp for an app a helper makes with more than createTestApp's options (its accounts,
 * the routes it registered): `start` answers the app as `ctx`, and whatever else it answers is
 * on the suite too.
 */
export function browserAppOf<Extra extends object>(
  start: () => Promise<{ ctx: TestAppContext } & Extra>,
): BrowserApp & Extra {
  const running = {} as BrowserApp & Extra
  return serve(running, async () => {
    const started = await start()
    Object.assign(running, started)
    return started.ctx
  })
}

interface MailingBrowserApp extends BrowserApp {
  /** Where the app's mail goes. */
  peer: SmtpPeer
}

/**
 * browserApp, sending its mail from debrief@debrief.example to an SMTP peer on 127.0.0.1 that
 * stops after the app; no scheduler, so a test runs each send pass itself.
 */
export function mailingBrowserApp(env: Record<string, string>): MailingBrowserApp {
  const running = {} as MailingBrowserApp
  return serve(
    running,
    async () => {
      running.peer = await new SmtpPeer().start()
      const from = 'Debrief <debrief@debrief.example>'
      return createTestApp({
        scheduler: false,
        mailTransport: running.peer.url,
        env: { MAIL_FROM: from, ...env },
      })
    },
    async () => running.peer?.stop(),
  )
}

function serve<T extends BrowserApp>(
  running: T,
  start: () => Promise<TestAppContext>,
  stopped: () => Promise<void> = async () => {},
): T {
  beforeAll(async () => {
    running.ctx = await start()
    running.base = await running.ctx.app.listen({ host: '127.0.0.1', port: 0 })
    running.browser = await launchBrowser()
  })
  afterAll(async () => {
    await running.browser?.close()
    await running.ctx?.close()
    await stopped()
  })
  return running
}

/** The page's uncaught errors and console errors from now on, for a test to expect none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(error.message))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  return errors
}

/**
 * What axe-core finds wrong with the page as it stands, one "rule: elements" line a violation.
 * axe comes in as a script tag, so the page's context must bypass the content security policy.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document)
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}

export const BROWSER_PASSWORD = 'a long enough password'

type Person = { name: string; email: string; timeZone?: string }

interface TabOptions extends BrowserContextOptions {
  /** How long each step may wait, so a failing one names itself before the test's own timeout. */
  timeout?: number
  /** Signs up through the real form first, and waits for the dashboard. */
  signUp?: Person
}

/**
 * A tab in a context of its own in the suite's browser (a person of their own, cookies and all),
 * its errors collected from the start; the context closes with the browser or when the test says.
 */
export async function openTab(suite: BrowserApp, { timeout, signUp, ...options }: TabOptions = {}) {
  const context = await suite.browser.newContext(options)
  const page = await context.newPage()
  if (timeout !== undefined) page.setDefaultTimeout(timeout)
  const errors = pageErrors(page)
  if (signUp) await signUpInBrowser(page, suite.base, signUp)
  return { context, page, errors }
}

/** The screen the phone-width checks assume: what sticks out past 375 px scrolls sideways. */
export const PHONE = { width: 375, height: 800 }

/** openTab at phone size, signed up as `person`. */
export function openPhoneTab(suite: BrowserApp, person: Person, options: TabOptions = {}) {
  return openTab(suite, { viewport: PHONE, signUp: person, ...options })
}

/** Fills the sign-up form on the page and submits it. */
async function submitSignUp(page: Page, person: Person): Promise<void> {
  await page.getByLabel('Your name').fill(person.name)
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Password').fill(BROWSER_PASSWORD)
  await page.getByLabel('Time zone').fill(person.timeZone ?? 'UTC')
  await page.getByRole('button', { name: 'Create account' }).click()
}

/** Creates an account through the real sign-up form and waits for the dashboard. */
export async function signUpInBrowser(page: Page, base: string, person: Person): Promise<void> {
  await page.goto(`${base}/signup`)
  await submitSignUp(page, person)
  await page.waitForURL(`${base}/`)
}

/** Opens an invitation link with no account yet, and creates one from it (sign-up closed or not). */
export async function signUpFromInvitation(page: Page, link: string, person: Person): Promise<void> {
  await page.goto(link)
  await page.getByRole('link', { name: 'Create an account to accept the invitation' }).click()
  await submitSignUp(page, person)
}
