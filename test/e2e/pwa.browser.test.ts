import type { BrowserContext, Page, Worker } from 'playwright-core'
import { expect, it } from 'vitest'
import { createTestApp } from '../helpers/app.js'
import {
  describeInBrowser,
  launchBrowser,
  openTab,
  pageErrors,
  signUpInBrowser,
  signupBrowserApp,
} from '../helpers/browser.js'
import { insertInterview } from '../helpers/fixtures.js'

// What the tests use of a service worker's global scope; the project compiles without the
// WebWorker library, and these functions run inside the worker, not here.
interface WorkerScope {
  registration: { getNotifications(filter?: { tag?: string }): Promise<Notification[]> }
  dispatchEvent(event: Event): boolean
}
declare const NotificationEvent: new (type: string, init: { notification: Notification }) => Event

async function signUpIn(page: Page, base: string, email: string) {
  await signUpInBrowser(page, base, { name: 'Kim Park', email })
}

/** The scope of the active service worker, once the page's script has registered it. */
const readyScope = (page: Page) => page.evaluate(async () => (await navigator.serviceWorker.ready).scope)

/** The page's service worker as Playwright sees it, to run code in its global scope. */
async function serviceWorker(context: BrowserContext): Promise<Worker> {
  const [existing] = context.serviceWorkers()
  return existing ?? (await context.waitForEvent('serviceworker'))
}

describeInBrowser('the installable app in a real browser', () => {
  const suite = signupBrowserApp()

  it('registers the service worker for the whole app, without breaking the CSP', async () => {
    const { context, page, errors } = await openTab(suite)
    await page.goto(`${suite.base}/login`)
    expect(await readyScope(page)).toBe(`${suite.base}/`)
    const response = await page.request.get(`${suite.base}/sw.js`)
    expect(response.headers()['service-worker-allowed']).toBe('/')
    expect(response.headers()['cache-control']).toBe('no-cache')
    expect(response.headers()['content-type']).toMatch(/^text\/javascript/)
    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })

  it('links a valid manifest whose icons load at their stated sizes', async () => {
    const { context, page } = await openTab(suite)
    await page.goto(`${suite.base}/login`)
    const result = await page.evaluate(async () => {
      const link = document.querySelector('link[rel="manifest"]') as HTMLLinkElement
      const response = await fetch(link.href)
      const manifest = await response.json()
      const icons = await Promise.all(
        manifest.icons.map(
          (icon: { src: string; sizes: string; purpose: string; type: string }) =>
            new Promise((resolve) => {
              const image = new Image()
              image.onload = () =>
                resolve({ ...icon, loaded: `${image.naturalWidth}x${image.naturalHeight}` })
              image.onerror = () => resolve({ ...icon, loaded: 'error' })
              image.src = new URL(icon.src, link.href).href
            }),
        ),
      )
      return { type: response.headers.get('content-type'), manifest, icons }
    })
    expect(result.type).toMatch(/^application\/manifest\+json/)
    expect(result.manifest).toMatchObject({
      name: expect.stringContaining('Debrief'),
      short_name: 'Debrief',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
      background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    })
    const icons = result.icons as { sizes: string; purpose: string; type: string; loaded: string }[]
    for (const icon of icons) {
      expect(icon.type).toBe('image/png')
      expect(icon.loaded, JSON.stringify(icon)).toBe(icon.sizes)
    }
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ])
    await context.close()
  })

  it('shows a pushed reminder and opens its interview when the notification is clicked', async () => {
    const { ctx, base } = suite
    const context = await suite.browser.newContext()
    await context.grantPermissions(['notifications'], { origin: base })
    const page = await context.newPage()
    const errors = pageErrors(page)
    await signUpIn(page, base, 'kim@example.com')
    const user = ctx.app.repos.users.findByEmail('kim@example.com')!
    const interviewId = insertInterview(ctx.app, user.id, { endsAt: ctx.clock.now(), company: 'Northwind' })
    await readyScope(page)
    // Controlled by the worker from now on (it claims its clients when it activates).
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

    const cdp = await context.newCDPSession(page)
    const registration = new Promise<string>((resolve) => {
      cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
        const ours = registrations.find((r) => r.scopeURL === `${base}/` && !r.isDeleted)
        if (ours) resolve(ours.registrationId)
      })
    })
    await cdp.send('ServiceWorker.enable')
    const registrationId = await registration
    const payload = {
      title: '4 h left to follow up with Northwind',
      body: 'Deadline: Today 17:00, your time',
      url: `/interviews/${interviewId}`,
      tag: `interview-${interviewId}`,
    }
    const worker = await serviceWorker(context)
    const notifications = () =>
      worker.evaluate(async () => {
        const sw = self as unknown as WorkerScope
        // Bounded: the push handler shows the notification within a few event-loop turns.
        for (let i = 0; i < 50; i++) {
          const found = await sw.registration.getNotifications()
          if (found.length > 0)
            return found.map((n: Notification) => ({
              title: n.title,
              body: n.body,
              tag: n.tag,
              data: n.data,
            }))
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        return []
      })
    // A real push event, delivered to the worker as the push service would. On a machine busy
    // with the rest of the suite the browser's test hook can drop a delivery to a worker that is
    // still starting, so it is delivered again, at most three times; the tag makes a repeat
    // replace the notification, never add one.
    let shown: Awaited<ReturnType<typeof notifications>> = []
    for (let delivery = 0; delivery < 3 && shown.length === 0; delivery++) {
      await cdp.send('ServiceWorker.deliverPushMessage', {
        origin: base,
        registrationId,
        data: JSON.stringify(payload),
      })
      shown = await notifications()
    }
    expect(shown).toEqual([
      {
        title: payload.title,
        body: payload.body,
        tag: payload.tag,
        data: { url: `${base}/interviews/${interviewId}` },
      },
    ])

    // Clicking it: the worker's own notificationclick handler receives the shown notification.
    await page.goto(`${base}/mailbox`)
    await worker.evaluate(async () => {
      const sw = self as unknown as WorkerScope
      const [notification] = await sw.registration.getNotifications()
      sw.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }))
    })
    await page.waitForURL(`${base}/interviews/${interviewId}`)
    expect(await page.locator('h1').textContent()).toContain('Northwind')
    expect(
      await worker.evaluate(
        async () => (await (self as unknown as WorkerScope).registration.getNotifications()).length,
      ),
    ).toBe(0)
    expect(errors, errors.join('\n')).toEqual([])
    await context.close()
  })

  it('opens only this site: a pushed link to another origin opens the dashboard', async () => {
    const { base } = suite
    const context = await suite.browser.newContext()
    await context.grantPermissions(['notifications'], { origin: base })
    const page = await context.newPage()
    await signUpIn(page, base, 'lee@example.com')
    await readyScope(page)
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null)
    await page.goto(`${base}/mailbox`)
    const worker = await serviceWorker(context)
    // The push handler's own parsing of the payload, through a real showNotification.
    const data = await worker.evaluate(async () => {
      const sw = self as unknown as WorkerScope
      const event = new Event('push') as Event & { data: unknown; waitUntil: (p: Promise<unknown>) => void }
      const pending: Promise<unknown>[] = []
      event.data = { json: () => ({ title: 'Phish', body: '', url: 'https://evil.example/login', tag: 'x' }) }
      event.waitUntil = (p) => pending.push(p)
      sw.dispatchEvent(event)
      await Promise.all(pending)
      const [notification] = await sw.registration.getNotifications({ tag: 'x' })
      sw.dispatchEvent(new NotificationEvent('notificationclick', { notification: notification! }))
      return notification!.data
    })
    expect(data).toEqual({ url: `${base}/` })
    await page.waitForURL(`${base}/`)
    await context.close()
  })
})

describeInBrowser('offline', () => {
  it('shows the offline page for a page that cannot be loaded once the server is down', async () => {
    const ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const browser = await launchBrowser()
    try {
      const base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
      const page = await browser.newPage()
      await signUpIn(page, base, 'ola@example.com')
      await readyScope(page)
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null)

      await ctx.app.close()
      const response = await page.goto(`${base}/interviews`)
      expect(response?.status()).toBe(200)
      expect(await page.locator('h1').textContent()).toBe('You are offline')
      // The cached page names nobody: it was fetched without the session.
      expect(await page.content()).not.toContain('Kim Park')
      expect(await page.content()).not.toContain('Log out')
    } finally {
      await browser.close()
      await ctx.close()
    }
  })
})
