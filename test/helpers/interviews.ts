import type { LightMyRequestResponse } from 'fastify'
import { expect } from 'vitest'
import { Agent, DEFAULT_PASSWORD } from './agent.js'
import type { TestApp } from './app.js'

let lastAddress = 0

/**
 * Signs up through the real form like signUp(), but from its own client address: suites here
 * create many accounts, and sign-up is rate-limited per address.
 */
export async function signUpUser(
  app: TestApp,
  user: { email: string; name?: string; timeZone?: string },
): Promise<Agent> {
  const agent = new Agent(app)
  lastAddress++
  const remoteAddress = `10.${(lastAddress >> 16) & 255}.${(lastAddress >> 8) & 255}.${lastAddress & 255}`
  await agent.request({ method: 'GET', url: '/signup', remoteAddress })
  const body = new URLSearchParams({
    name: user.name ?? user.email.split('@')[0]!,
    email: user.email,
    password: DEFAULT_PASSWORD,
    timeZone: user.timeZone ?? 'UTC',
    _csrf: await agent.csrf(),
  })
  const response = await agent.postForm('/signup', body, remoteAddress)
  if (response.statusCode !== 302) throw new Error(`sign-up failed: ${response.statusCode}`)
  return agent
}

/** A valid interview form; pass overrides for the field under test. */
export function interviewForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    company: 'Acme Corp',
    role: 'Security Engineer',
    kind: 'technical',
    startsAt: '2026-03-02T09:00',
    endsAt: '2026-03-02T10:00',
    durationMinutes: '',
    timeZone: 'UTC',
    location: 'https://meet.example.com/abc',
    jobUrl: 'https://jobs.example.com/42',
    notes: 'Went well.',
    outcome: 'pending',
    ...overrides,
  }
}

/** Logs an interview through the form and returns its id. */
export async function logInterview(agent: Agent, overrides: Record<string, string> = {}): Promise<number> {
  const response = await agent.submit('/interviews', interviewForm(overrides), '/interviews/new')
  if (response.statusCode !== 302)
    throw new Error(`interview not logged: ${response.statusCode} ${errorsOf(response)}`)
  return Number(/\/interviews\/(\d+)$/.exec(String(response.headers.location))![1])
}

/** Posts a form of the interview's page, `fields` over its defaults; anything but the redirect after a save throws. */
async function submitOnInterview(
  agent: Agent,
  interviewId: number,
  form: { path: string; defaults: Record<string, string>; refused: string },
  fields: Record<string, string>,
): Promise<void> {
  const url = `/interviews/${interviewId}`
  const response = await agent.submit(`${url}/${form.path}`, { ...form.defaults, ...fields }, url)
  if (response.statusCode !== 302) throw new Error(`${form.refused}: ${errorsOf(response)}`)
}

const INTERVIEWER_FORM = {
  path: 'interviewers',
  defaults: {
    name: 'Sam Lee',
    title: 'Staff Engineer',
    email: 'sam@example.com',
    topics: 'threat models',
    notes: '',
  },
  refused: 'interviewer not added',
}
const QUESTION_FORM = {
  path: 'questions',
  defaults: { text: 'How does TLS resumption work?', confidence: 'missed', topics: 'tls, crypto' },
  refused: 'question not captured',
}

export const addInterviewer = (agent: Agent, interviewId: number, fields: Record<string, string> = {}) =>
  submitOnInterview(agent, interviewId, INTERVIEWER_FORM, fields)

export const captureQuestion = (agent: Agent, interviewId: number, fields: Record<string, string> = {}) =>
  submitOnInterview(agent, interviewId, QUESTION_FORM, fields)

/** The field error messages on a re-rendered form page. */
export function errorsOf(response: LightMyRequestResponse): string[] {
  return [...response.body.matchAll(/<p id="[^"]*-error" class="error" role="alert">([^<]*)<\/p>/g)].map(
    (m) => m[1]!,
  )
}

/** The form came back 400 with a field error matching `message` (the errors shown when none does). */
export function expectFormError(response: LightMyRequestResponse, message: RegExp, label?: string): void {
  expect(response.statusCode, label).toBe(400)
  expect(
    errorsOf(response).some((e) => message.test(e)),
    errorsOf(response).join(' | '),
  ).toBe(true)
}

/** Row counts of every table this feature writes, to prove that rejected input stored nothing. */
export function counts(app: TestApp) {
  const count = (table: string) => app.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  return {
    interviews: count('interviews'),
    interviewers: count('interviewers'),
    questions: count('questions'),
    askQuestions: count('ask_questions'),
    asked: count('interview_asked'),
  }
}

/** A bearer-token JSON client for /api/v1. */
export function apiClient(app: TestApp, token: string) {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    })
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown) => call('POST', url, body),
    patch: (url: string, body: unknown) => call('PATCH', url, body),
    delete: (url: string) => call('DELETE', url),
  }
}

/** A 4xx JSON error naming the field. */
export function expectFieldError(response: LightMyRequestResponse, field: string, status = 400) {
  expect(response.statusCode, response.body).toBe(status)
  const body = response.json() as { error: string; message: string; fields?: Record<string, string> }
  expect(body.error).toBeTypeOf('string')
  expect(body.message).toContain(field)
  expect(body.fields?.[field], JSON.stringify(body)).toBeTypeOf('string')
}
