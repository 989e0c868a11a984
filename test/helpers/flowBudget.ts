import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * Counts what a user spends on a flow in a real browser: clicks (each one made through
 * `click`), page loads (every document the tab loads, whatever caused it) and, for the
 * keyboard, the Tabs pressed from a save to the control that continues the work.
 */
export function flowBudget(page: Page) {
  let clicks = 0
  let loads = 0
  const tabRuns: { to: string; tabs: number }[] = []
  page.on('load', () => loads++)
  return {
    /** Clicks the element, counted. */
    async click(target: Locator) {
      clicks++
      await target.click()
    },
    /**
     * Presses Tab until the focused element is `target` (at most `max` + 1 presses, so a run
     * over budget is seen and reported instead of looping), and records how many it took.
     * Focus already on the target counts as 0; `backwards` presses Shift+Tab, which counts the same.
     */
    async tabTo(target: Locator, name: string, options: { backwards?: boolean; max?: number } = {}) {
      const max = options.max ?? 3
      const handle = await target.elementHandle()
      expect(handle, `${name} is on the page`).not.toBeNull()
      const focused = () => page.evaluate((el) => document.activeElement === el, handle)
      let tabs = 0
      while (!(await focused()) && tabs <= max) {
        await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab')
        tabs++
      }
      const reached = await focused()
      tabRuns.push({ to: name, tabs: reached ? tabs : Number.POSITIVE_INFINITY })
      expect(reached, `${name}: not reached within ${max} Tabs`).toBe(true)
      return tabs
    },
    get clicks() {
      return clicks
    },
    get loads() {
      return loads
    },
    get tabRuns() {
      return tabRuns
    },
  }
}
