import { expect } from 'vitest'
import type { Agent } from './agent.js'
import type { TestApp } from './app.js'
import { signUpUser } from './interviews.js'

/** An account as the coach pages see it: a signed-in agent and the address others invite. */
export type Member = { agent: Agent; email: string }

/** Signs up through the real form, for linkCoach. */
export async function member(app: TestApp, email: string, name: string, timeZone?: string): Promise<Member> {
  return { agent: await signUpUser(app, { email, name, timeZone }), email }
}

/** The token of the invitation link on the last page (shown to copy when no SMTP is set). */
export function invitationToken(html: string): string {
  const match = /value="[^"]*\/coach\/invite\/([A-Za-z0-9_-]+)"/.exec(html)
  expect(match?.[1], 'an invitation link on the page').toBeDefined()
  return match![1]!
}

/** The candidate invites `coachEmail` from Settings → Coach; returns the link's token. */
export async function inviteCoach(candidate: Agent, coachEmail: string): Promise<string> {
  const response = await candidate.submit('/settings/coach/invite', { email: coachEmail }, '/settings/coach')
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200)
  return invitationToken(response.body)
}

/** The recipient opens the link and presses the button, as in the browser. */
export async function acceptInvitation(agent: Agent, token: string) {
  return agent.submit(`/coach/invite/${token}`, { allow: 'yes' }, `/coach/invite/${token}`)
}

export const userId = (app: TestApp, email: string) =>
  app.db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as number

/** Links the coach to the candidate through the real pages (invite, consent); returns the candidate's id. */
export async function linkCoach(app: TestApp, candidate: Member, coach: Member) {
  const token = await inviteCoach(candidate.agent, coach.email)
  const accepted = await acceptInvitation(coach.agent, token)
  expect(accepted.statusCode, accepted.body.slice(0, 300)).toBe(302)
  return userId(app, candidate.email)
}

/** The coach chooses "View …'s debrief" on the caseload. */
export async function startViewing(coach: Agent, candidateId: number) {
  const response = await coach.submit('/coach/view', { candidateId: String(candidateId) }, '/coach')
  expect(response.statusCode, response.body.slice(0, 300)).toBe(302)
}
