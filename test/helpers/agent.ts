import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import type { TestApp } from './app.js'

/** A browser-like client over app.inject: keeps cookies and finds CSRF tokens in forms. */
export class Agent {
  readonly cookies = new Map<string, string>()
  lastHtml = ''

  constructor(private readonly app: TestApp) {}

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const headers = { ...(options.headers ?? {}) } as Record<string, string>
    if (this.cookies.size > 0) headers.cookie = this.cookieHeader
    const response = await this.app.inject({ ...options, headers })
    for (const cookie of response.cookies as { name: string; value: string; expires?: Date }[]) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now()))
        this.cookies.delete(cookie.name)
      else this.cookies.set(cookie.name, cookie.value)
    }
    if (String(response.headers['content-type'] ?? '').startsWith('text/html')) this.lastHtml = response.body
    return response
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers })
  }

  /** The CSRF token of the first form on the last HTML page (or of a fresh GET of `from`). */
  async csrf(from?: string): Promise<string> {
    if (from) await this.get(from)
    const match = /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)
    if (!match?.[1]) throw new Error('No CSRF token on the last page')
    return match[1]
  }

  /** Submits a form as a browser would, with the CSRF token from `from` unless `_csrf` is given. */
  async submit(url: string, fields: Record<string, string | string[]>, from?: string) {
    const token = '_csrf' in fields ? undefined : await this.csrf(from ?? url)
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries({ ...fields, ...(token ? { _csrf: token } : {}) })) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v)
    }
    return this.postForm(url, body)
  }

  /**
   * Posts the fields form-encoded just as given, adding no CSRF token: a hand-built form, or a
   * forged one from another site. `remoteAddress` is the client address the app sees.
   */
  postForm(url: string, fields: URLSearchParams | Record<string, string>, remoteAddress?: string) {
    return this.request({
      method: 'POST',
      url,
      payload: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      ...(remoteAddress === undefined ? {} : { remoteAddress }),
    })
  }

  /** Submits the login form, as fetched fresh from /login, with `next` as its hidden field when given. */
  logIn(email: string, password: string, next?: string) {
    return this.submit('/login', { email, password, ...(next === undefined ? {} : { next }) }, '/login')
  }
}

export const DEFAULT_PASSWORD = 'correct horse battery'

/** Signs up a user through the real sign-up form; returns the logged-in agent. */
export async function signUp(
  app: TestApp,
  user: { name?: string; email: string; password?: string; timeZone?: string },
): Promise<Agent> {
  const agent = new Agent(app)
  const response = await agent.submit(
    '/signup',
    {
      name: user.name ?? user.email.split('@')[0]!,
      email: user.email,
      password: user.password ?? DEFAULT_PASSWORD,
      timeZone: user.timeZone ?? 'UTC',
    },
    '/signup',
  )
  if (response.statusCode !== 302)
    throw new Error(`sign-up failed: ${response.statusCode} ${response.body.slice(0, 500)}`)
  return agent
}

/** Creates an API token through the settings page and returns it. */
export async function createToken(agent: Agent, name = 'test'): Promise<string> {
  const response = await agent.submit('/settings/tokens', { name }, '/settings')
  const match = /id="new-token">([^<]+)</.exec(response.body)
  if (!match?.[1]) throw new Error(`token not shown: ${response.statusCode}`)
  return match[1]
}

/** Text as the page's HTML escaped it, read back as the browser shows it. */
export const decodeHtml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
