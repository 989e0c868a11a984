import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Agent, createToken } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { apiClient, interviewForm, logInterview, signUpUser } from '../helpers/interviews.js'
import { shownPages } from '../helpers/shownPages.js'

let ctx: Awaited<ReturnType<typeof createTestApp>>
let alice: Agent
let bob: Agent
let bobApi: ReturnType<typeof apiClient>
const ids = { interview: 0, interviewer: 0, question: 0, ask: 0, asked: 0, bobInterview: 0, bobQuestion: 0 }

/** Everything of Alice's, to prove Bob changed nothing. */
const snapshot = () =>
  ['interviews', 'interviewers', 'questions', 'ask_questions', 'interview_asked'].map((table) =>
    ctx.app.db
      .prepare(
        `SELECT * FROM ${table} WHERE user_id = (SELECT id FROM users WHERE email = 'alice@example.com') ORDER BY id`,
      )
      .all(),
  )

beforeAll(async () => {
  ctx = await createTestApp({ env: { SIGNUP: 'open' } })
  alice = await signUpUser(ctx.app, { email: 'alice@example.com' })
  bob = await signUpUser(ctx.app, { email: 'bob@example.com' })
  bobApi = apiClient(ctx.app, await createToken(bob))
  const aliceApi = apiClient(ctx.app, await createToken(alice))

  ids.interview = await logInterview(alice, { company: 'Secretcorp', notes: 'zebrafish' })
  ids.interviewer = (
    await aliceApi.post(`/interviews/${ids.interview}/interviewers`, { name: 'Alice Contact' })
  ).json().id
  ids.question = (
    await aliceApi.post(`/interviews/${ids.interview}/questions`, {
      text: 'Private question',
      confidence: 'missed',
      researchedAnswer: 'quokka',
    })
  ).json().id
  ids.ask = (await aliceApi.get('/ask-questions')).json()[0].id
  ids.asked = (
    await aliceApi.post(`/interviews/${ids.interview}/asked`, { askQuestionId: ids.ask })
  ).json().id
  ids.bobInterview = (
    await bobApi.post('/interviews', {
      company: 'Bobco',
      role: 'Dev',
      startsAt: '2026-03-02T09:00Z',
      endsAt: '2026-03-02T10:00Z',
    })
  ).json().id
  ids.bobQuestion = (
    await bobApi.post(`/interviews/${ids.bobInterview}/questions`, { text: 'Bob Q', confidence: 'missed' })
  ).json().id
})
afterAll(async () => ctx?.close())

describe("another user's data", () => {
  it('answers 404 on every page, and changes nothing', async () => {
    const before = snapshot()
    const gets = [
      `/interviews/${ids.interview}`,
      `/interviews/${ids.interview}/edit`,
      `/interviews/${ids.interview}/delete`,
      `/interviewers/${ids.interviewer}/edit`,
      `/questions/${ids.question}`,
    ]
    for (const url of gets) expect((await bob.get(url)).statusCode, url).toBe(404)

    const posts: [string, Record<string, string | string[]>][] = [
      [`/interviews/${ids.interview}`, interviewForm({ company: 'Hijacked' })],
      [`/interviews/${ids.interview}/delete`, {}],
      [`/interviews/${ids.interview}/follow-up`, { state: 'done' }],
      [`/interviews/${ids.interview}/interviewers`, { name: 'Intruder' }],
      [`/interviews/${ids.interview}/questions`, { text: 'Intruder?', confidence: 'missed' }],
      [`/interviews/${ids.interview}/asked`, { askQuestionId: String(ids.ask) }],
      [`/interviewers/${ids.interviewer}`, { name: 'Hijacked' }],
      [`/interviewers/${ids.interviewer}/delete`, {}],
      [`/interviewers/${ids.interviewer}/sent`, { what: 'thankYou', sent: '1' }],
      [`/questions/${ids.question}`, { text: 'Hijacked', confidence: 'nailed' }],
      [`/questions/${ids.question}/delete`, {}],
      [`/ask/${ids.ask}`, { text: 'Hijacked' }],
      [`/ask/${ids.ask}/delete`, {}],
      [`/asked/${ids.asked}`, { answerHeard: 'Hijacked' }],
      [`/asked/${ids.asked}/delete`, {}],
    ]
    for (const [url, fields] of posts) {
      const response = await bob.submit(url, fields, '/interviews/new')
      expect(response.statusCode, url).toBe(404)
    }
    expect(snapshot()).toEqual(before)
  })

  it('never lists or finds it on pages', async () => {
    const urls = ['/', '/interviews', '/questions', '/questions?q=quokka', '/questions?q=private', '/ask']
    for (const [url, html] of await shownPages(bob, urls)) {
      expect(html, url).not.toContain('Secretcorp')
      expect(html, url).not.toContain('Private question')
    }
    expect((await alice.get('/questions?q=quokka')).body).toContain('Private question')
  })

  it("cannot attach Alice's interviewer or question to ask to Bob's own interview", async () => {
    const before = snapshot()
    const picked = await bob.submit(
      `/interviews/${ids.bobInterview}/asked`,
      { askQuestionId: String(ids.ask) },
      `/interviews/${ids.bobInterview}`,
    )
    expect(picked.statusCode).toBe(400)
    const research = await bob.submit(
      `/questions/${ids.bobQuestion}`,
      { text: 'Bob Q', confidence: 'missed', interviewerId: String(ids.interviewer) },
      `/questions/${ids.bobQuestion}`,
    )
    expect(research.statusCode).toBe(400)
    expect(
      (
        await bobApi.post(`/interviews/${ids.bobInterview}/questions`, {
          text: 'x',
          confidence: 'missed',
          interviewerId: ids.interviewer,
        })
      ).statusCode,
    ).toBe(400)
    expect(
      (await bobApi.patch(`/questions/${ids.bobQuestion}`, { interviewerId: ids.interviewer })).statusCode,
    ).toBe(400)
    expect(
      (await bobApi.post(`/interviews/${ids.bobInterview}/asked`, { askQuestionId: ids.ask })).statusCode,
    ).toBe(400)
    expect(snapshot()).toEqual(before)
    expect(
      ctx.app.db.prepare('SELECT interviewer_id FROM questions WHERE id = ?').pluck().get(ids.bobQuestion),
    ).toBeNull()
  })

  it('answers 404 on every API endpoint, and changes nothing', async () => {
    const before = snapshot()
    const calls: [string, string, unknown?][] = [
      ['GET', `/interviews/${ids.interview}`],
      ['PATCH', `/interviews/${ids.interview}`, { company: 'Hijacked' }],
      ['DELETE', `/interviews/${ids.interview}`],
      ['GET', `/interviews/${ids.interview}/interviewers`],
      ['POST', `/interviews/${ids.interview}/interviewers`, { name: 'Intruder' }],
      ['GET', `/interviewers/${ids.interviewer}`],
      ['PATCH', `/interviewers/${ids.interviewer}`, { name: 'Hijacked' }],
      ['DELETE', `/interviewers/${ids.interviewer}`],
      ['GET', `/interviews/${ids.interview}/questions`],
      ['POST', `/interviews/${ids.interview}/questions`, { text: 'Intruder', confidence: 'missed' }],
      ['GET', `/questions/${ids.question}`],
      ['PATCH', `/questions/${ids.question}`, { text: 'Hijacked' }],
      ['DELETE', `/questions/${ids.question}`],
      ['PATCH', `/ask-questions/${ids.ask}`, { text: 'Hijacked' }],
      ['DELETE', `/ask-questions/${ids.ask}`],
      ['GET', `/interviews/${ids.interview}/asked`],
      ['POST', `/interviews/${ids.interview}/asked`, { askQuestionId: ids.ask }],
      ['PATCH', `/asked/${ids.asked}`, { answerHeard: 'Hijacked' }],
      ['DELETE', `/asked/${ids.asked}`],
    ]
    for (const [method, url, body] of calls) {
      const response =
        method === 'GET'
          ? await bobApi.get(url)
          : method === 'DELETE'
            ? await bobApi.delete(url)
            : method === 'PATCH'
              ? await bobApi.patch(url, body)
              : await bobApi.post(url, body)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json(), `${method} ${url}`).toMatchObject({
        error: 'Not Found',
        message: expect.any(String),
      })
    }
    expect(snapshot()).toEqual(before)
  })

  it('never lists or finds it in the API', async () => {
    expect((await bobApi.get('/interviews')).json().items.map((i: { company: string }) => i.company)).toEqual(
      ['Bobco'],
    )
    expect((await bobApi.get('/questions?q=quokka')).json()).toMatchObject({ total: 0, items: [] })
    expect((await bobApi.get('/questions')).json().items.map((q: { text: string }) => q.text)).toEqual([
      'Bob Q',
    ])
    expect((await bobApi.get('/ask-questions')).json().map((q: { id: number }) => q.id)).not.toContain(
      ids.ask,
    )
  })
})
