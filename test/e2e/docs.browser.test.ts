import { expect, it } from 'vitest'
import { browserApp, describeInBrowser, openTab } from '../helpers/browser.js'

describeInBrowser('the API docs in a real browser', () => {
  const suite = browserApp()

  it('renders every endpoint under the content security policy without a single violation', async () => {
    const { page, errors } = await openTab(suite)
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      )
    })

    const response = await page.goto(`${suite.base}/docs`)
    expect(response?.status()).toBe(200)
    expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline')
    await page.locator('.opblock').first().waitFor()
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40)
    expect(await page.locator('.info .title').textContent()).toContain('Debrief API')
    // Our logo has replaced Swagger's, whose inline style sheet the policy allows by its hash.
    await page.locator('.topbar img[src^="data:image/svg+xml"]').waitFor()

    expect(errors).toEqual([])
  })
})
