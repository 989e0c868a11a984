import type { Page } from 'playwright-core'
import { expect } from 'vitest'

// The coach's side of the browser suites: a candidate's coach in one tab, the candidate in another.

/** On the invitation's page, the coach accepts it and opens the candidate's debrief, at its dashboard. */
export async function acceptAndView(coach: Page, base: string, candidateName: string): Promise<void> {
  await coach.getByRole('button', { name: 'Accept and become their coach' }).click()
  await coach.waitForURL(`${base}/coach`)
  await coach.getByRole('button', { name: `View ${candidateName}’s debrief` }).click()
  await coach.waitForURL(`${base}/`)
}

/** After the candidate revoked the access: the coach's next load is refused; answers what it says. */
export async function refusedReload(coach: Page): Promise<string | null> {
  const refused = await coach.reload()
  expect(refused?.status()).toBe(403)
  return coach.textContent('main')
}

/** No page error in the candidate's tab, and in the coach's none but the refused load's 403. */
export function expectOnlyTheRefusal(candidateErrors: string[], coachErrors: string[]): void {
  expect(candidateErrors, candidateErrors.join('\n')).toEqual([])
  // The refused load itself logs a 403 in the console; nothing else may.
  expect(
    coachErrors.filter((e) => !e.includes('403')),
    coachErrors.join('\n'),
  ).toEqual([])
}
