import axe from 'axe-core'
import type { Page } from 'playwright-core'

/**
 * axe-core's violations on the page as it is now, one line each (rule: targets). axe comes in as
 * a script tag, which the app's content security policy rightly refuses, so the page must be
 * opened in a context made with `bypassCSP: true` (the policy itself is tested elsewhere).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axe.source })
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document)
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
  })
}
