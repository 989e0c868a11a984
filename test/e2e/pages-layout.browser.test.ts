import type { BrowserContext } from 'playwright-core'
import { expect, it } from 'vitest'
import { urlFor, walkableApp } from '../helpers/accountRows.js'
import { axeViolations, browserAppOf, describeInBrowser } from '../helpers/browser.js'

// Every HTML page Fastify registered, opened for a populated account at a desktop and a phone
// width: axe-core finds no violation, and nothing is wider than the phone's screen.

// GET routes that answer something other than an HTML page (files, feeds, JSON, redirects).
const NOT_A_PAGE =
  /^\/(api|public|docs|healthz|calendar\/|sw\.js|manifest|offline)|\.(eml|ics|json|csv)$|\/(export|download)\b/
const WIDTHS = [1280, 375] as const

describeInBrowser('every page at desktop and phone widths', () => {
  const suite = browserAppOf(async () => {
    const { ctx, routes, accounts } = await walkableApp('ada@example.com')
    return { ctx, routes, rows: accounts[0] }
  })

  // The GET routes that answer the signed-in account with an HTML page (not a file to download).
  async function pagePaths() {
    const { routes, rows } = suite
    const candidates = new Set(
      routes
        .filter((r) => r.method === 'GET' && !r.url.includes('*') && !NOT_A_PAGE.test(r.url))
        .map((r) => urlFor(r.url, rows.ids)),
    )
    const pages: string[] = []
    for (const path of candidates) {
      const response = await rows.agent.get(path)
      const html = String(response.headers['content-type'] ?? '').startsWith('text/html')
      if (response.statusCode === 200 && html && !response.headers['content-disposition']) pages.push(path)
    }
    return pages
  }

  // axe is injected as a script tag, which the app's content security policy rightly refuses: the
  // test context bypasses the policy for that one script (the CSP itself is tested elsewhere).
  async function context(width: number, loggedIn: boolean): Promise<BrowserContext> {
    const { browser, rows, base } = suite
    const created = await browser.newContext({ viewport: { width, height: 800 }, bypassCSP: true })
    if (loggedIn)
      await created.addCookies([...rows.agent.cookies].map(([name, value]) => ({ name, value, url: base })))
    return created
  }

  async function check(created: BrowserContext, paths: string[], width: number) {
    const problems: string[] = []
    let pages = 0
    const page = await created.newPage()
    for (const path of paths) {
      const response = await page.goto(`${suite.base}${path}`)
      expect(response?.status(), path).toBeLessThan(400)
      pages++
      for (const violation of await axeViolations(page)) problems.push(`${width}px ${path} axe ${violation}`)
      const overflow = await page.evaluate(() => {
        const root = document.documentElement
        if (root.scrollWidth <= root.clientWidth) return null
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
          .slice(0, 3)
          .map((el) => `${el.tagName.toLowerCase()}.${Array.from(el.classList).join('.')}`)
        return `${root.scrollWidth}px wide (${wide.join(', ')})`
      })
      if (overflow) problems.push(`${width}px ${path} scrolls sideways: ${overflow}`)
    }
    await page.close()
    return { problems, pages }
  }

  for (const width of WIDTHS) {
    it(`has no accessibility violation or sideways scroll at ${width} px`, async () => {
      const paths = await pagePaths()
      const created = await context(width, true)
      const signedIn = await check(created, paths, width)
      await created.close()
      const visitor = await context(width, false)
      const anonymous = await check(visitor, ['/login', '/signup'], width)
      await visitor.close()
      expect([...signedIn.problems, ...anonymous.problems]).toEqual([])
      // The route list really was walked: the dashboard, interviews, drafts, study, settings and more.
      expect(signedIn.pages).toBeGreaterThanOrEqual(20)
    }, 180_000)
  }
})
