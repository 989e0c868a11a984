import { expect } from 'vitest'
import { createToken, signUp } from './agent.js'
import type { TestApp } from './app.js'

type Ctx = { app: TestApp }

/** An account made through the sign-up form, with an API token made on its settings page, as a script would use it. */
export async function tokenUser(app: TestApp, user: Parameters<typeof signUp>[1]) {
  const agent = await signUp(app, user)
  const token = await createToken(agent)
  const found = app.repos.users.findByEmail(user.email)
  if (!found) throw new Error(`no account ${user.email} after sign-up`)
  return { agent, token, id: found.id }
}

/** A JSON call to `/api/v1` with an API token and any further headers; a string payload is sent as it is. */
export const api = (
  ctx: Ctx,
  token: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: {
      authorization: `Bearer ${token}`,
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    // A string goes as it is, so a test can send JSON that is not well-formed.
    ...(payload === undefined
      ? {}
      : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  })

/**
 * POST /import, then the job it answered with, polled (bounded) until it is no longer running;
 * `{ state: 'refused', status, body }` when the import was refused before a job started.
 */
export async function importJob(ctx: Ctx, token: string, doc: unknown) {
  const started = await api(ctx, token, 'POST', '/import', doc)
  if (started.statusCode !== 202)
    return { state: 'refused', status: started.statusCode, body: started.json() as unknown, error: null }
  const url = (started.json() as { url: string }).url
  expect(started.headers.location).toBe(url)
  let job = started.json() as { state: string; error: string | null }
  for (let i = 0; i < 200 && job.state === 'running'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 25))
    job = (await api(ctx, token, 'GET', url.replace('/api/v1', ''))).json()
  }
  return job
}
