import { expect } from 'vitest'
import type { Agent } from './agent.js'

/** Each page as `agent` is shown it, fetched in turn, each expected to answer 200: its URL and its HTML. */
export async function shownPages(
  agent: Agent,
  urls: readonly string[],
): Promise<[url: string, html: string][]> {
  const shown: [string, string][] = []
  for (const url of urls) {
    const page = await agent.get(url)
    expect(page.statusCode, url).toBe(200)
    shown.push([url, page.body])
  }
  return shown
}
