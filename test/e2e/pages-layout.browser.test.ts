import axe from 'axe-core'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccountRows, urlFor, walkableApp } from '../helpers/accountRows.js'
import type { createTestApp } from '../helpers/app.js'
import { chromiumAvailable, launchBrowser } from '../helpers/browser.js'
import type { RegisteredRoute } from '../helpers/routes.js'

// Every HTML page Fastify registered, opened for a populated account at a desktop and a phone
// width: axe-core finds no violation, and nothing is wider than the phone's screen.

const available = chromiumAvailable()

// GET routes that answer something other than an HTML page (files, feeds, JSON, redirects).
const NOT_A_PAGE =
  /^\/(api|public|docs|healthz|calendar\/|sw\.js|manifest|offline)|\.(eml|ics|json|csv)$|\/(export|download)\b/
const WIDTHS = [1280, 375] as const

describe.runIf(available)('every page at desktop and phone widths', () => {
  let ctx: Awaited<ReturnType<typeof createTestApp>>
  let routes: RegisteredRoute[]
  let rows: AccountRows
  let base: string
  let browser: Browser

  beforeAll(async () => {
    ;({
      ctx,
      routes,
      accounts: [rows],
    } = await walkableApp('ada@example.com'))
    base = await ctx.app.listen({ host: '127.0.0.1', port: 0 })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await ctx?.close()
  })

  // The GET routes that answer the signed-in account with an HTML page (not a file to download).
  async function pagePaths() {
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
      const response = await page.goto(`${base}${path}`)
      expect(response?.status(), path).toBeLessThan(400)
      pages++
      await page.addScriptTag({ content: axe.source })
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: typeof axe }).axe.run(document)
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
      })
      for (const violation of violations) problems.push(`${width}px ${path} axe ${violation}`)
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
