import { describe, expect, it } from 'vitest'
import { createToken } from '../helpers/agent.js'
import { apiClient, counts, expectFieldError } from '../helpers/interviews.js'
import { openSignupSuite } from '../helpers/openSignupSuite.js'

const suite = openSignupSuite('api')

async function newClient(timeZone = 'UTC') {
  const agent = await suite.newUser(timeZone)
  return { agent, api: apiClient(suite.ctx.app, await createToken(agent)) }
}

const interview = (overrides: Record<string, unknown> = {}) => ({
  company: 'Acme',
  role: 'AppSec Engineer',
  kind: 'technical',
  startsAt: '2026-03-02T09:00:00Z',
  endsAt: '2026-03-02T10:00:00Z',
  ...overrides,
})

describe('authentication', () => {
  it('answers 401 with the error shape on every endpoint without a token', async () => {
    const routes: [string, string][] = [
      ['GET', '/interviews'],
      ['POST', '/interviews'],
      ['GET', '/interviews/1'],
      ['PATCH', '/interviews/1'],
      ['DELETE', '/interviews/1'],
      ['POST', '/interviews/1/interviewers'],
      ['PATCH', '/interviewers/1'],
      ['DELETE', '/interviewers/1'],
      ['POST', '/interviews/1/questions'],
      ['GET', '/interviews/1/questions'],
      ['PATCH', '/questions/1'],
      ['DELETE', '/questions/1'],
      ['GET', '/questions'],
      ['GET', '/ask-questions'],
      ['POST', '/ask-questions'],
    ]
    for (const [method, url] of routes) {
      const response = await suite.ctx.app.inject({
        method: method as 'GET',
        url: `/api/v1${url}`,
        payload: method === 'GET' || method === 'DELETE' ? undefined : {},
      })
      expect(response.statusCode, `${method} ${url}`).toBe(401)
      expect(response.json()).toMatchObject({ error: 'Unauthorized', message: expect.any(String) })
    }
  })
})

describe('interviews API', () => {
  it('creates from ISO instants or local times in a zone, and answers with the deadline and status', async () => {
    const { api } = await newClient('America/New_York')
    const created = await api.post('/interviews', interview())
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({
      id: expect.any(Number),
      company: 'Acme',
      role: 'AppSec Engineer',
      kind: 'technical',
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T10:00:00.000Z',
      timeZone: 'America/New_York',
      location: '',
      jobUrl: '',
      notes: '',
      outcome: 'pending',
      followUpState: 'open',
      followUpDoneAt: null,
      followUpDeadline: '2026-03-03T10:00:00.000Z',
      status: 'awaiting_follow_up',
      progress: { questions: 0, researchList: 0, researched: 0, interviewers: 0, thanked: 0 },
      createdAt: '2026-03-02T15:00:00.000Z',
      updatedAt: '2026-03-02T15:00:00.000Z',
    })

    const local = await api.post(
      '/interviews',
      interview({
        startsAt: '2026-03-02T14:30',
        endsAt: undefined,
        durationMinutes: 45,
        timeZone: 'Asia/Kolkata',
      }),
    )
    expect(local.json()).toMatchObject({
      startsAt: '2026-03-02T09:00:00.000Z',
      endsAt: '2026-03-02T09:45:00.000Z',
      timeZone: 'Asia/Kolkata',
    })

    const ambiguous = await api.post(
      '/interviews',
      interview({ startsAt: '2026-11-01T01:30', endsAt: '2026-11-01T01:45', timeZone: 'America/New_York' }),
    )
    expect(ambiguous.json()).toMatchObject({ startsAt: '2026-11-01T05:30:00.000Z' })

    const later = await api.post(
      '/interviews',
      interview({ startsAt: '2026-03-04T09:00:00Z', endsAt: '2026-03-04T10:00:00Z' }),
    )
    expect(later.json().status).toBe('scheduled')
  })

  const bad: [string, Record<string, unknown>, string][] = [
    ['missing company', { company: undefined }, 'company'],
    ['company of the wrong type', { company: 42 }, 'company'],
    ['empty company', { company: '' }, 'company'],
    ['blank company', { company: '   ' }, 'company'],
    ['company too long', { company: 'c'.repeat(201) }, 'company'],
    ['missing role', { role: undefined }, 'role'],
    ['role too long', { role: 'r'.repeat(201) }, 'role'],
    ['unknown kind', { kind: 'lunch' }, 'kind'],
    ['missing start', { startsAt: undefined }, 'startsAt'],
    ['start of the wrong type', { startsAt: 1772442000000 }, 'startsAt'],
    ['start not a date', { startsAt: 'next tuesday' }, 'startsAt'],
    ['end before start', { endsAt: '2026-03-02T08:00:00Z' }, 'endsAt'],
    ['longer than 12 h', { endsAt: '2026-03-02T21:00:01Z' }, 'endsAt'],
    ['no end and no duration', { endsAt: undefined }, 'endsAt'],
    ['duration too long', { endsAt: undefined, durationMinutes: 721 }, 'durationMinutes'],
    ['duration not an integer', { endsAt: undefined, durationMinutes: 1.5 }, 'durationMinutes'],
    ['duration as text', { endsAt: undefined, durationMinutes: '60' }, 'durationMinutes'],
    [
      'nonexistent local time',
      { startsAt: '2026-03-08T02:30', endsAt: '2026-03-08T03:30', timeZone: 'America/New_York' },
      'startsAt',
    ],
    ['unknown zone', { timeZone: 'Mars/Base' }, 'timeZone'],
    ['javascript: job URL', { jobUrl: 'javascript:alert(1)' }, 'jobUrl'],
    ['data: job URL', { jobUrl: 'data:text/html,hi' }, 'jobUrl'],
    ['location too long', { location: 'l'.repeat(501) }, 'location'],
    ['notes too long', { notes: 'n'.repeat(20_001) }, 'notes'],
    ['notes of the wrong type', { notes: ['a'] }, 'notes'],
    ['unknown outcome', { outcome: 'ghosted' }, 'outcome'],
    ['unknown field', { salary: 100 }, 'salary'],
    ['follow-up state on create', { followUpState: 'done' }, 'followUpState'],
  ]

  it.each(bad)('rejects %s with 400 naming the field, storing nothing', async (_, overrides, field) => {
    const { api } = await newClient()
    const before = counts(suite.ctx.app)
    expectFieldError(await api.post('/interviews', interview(overrides)), field)
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('creates many at once, each answered with its own interview and its own reminders', async () => {
    const { api } = await newClient()
    const before = counts(suite.ctx.app)
    const companies = Array.from({ length: 12 }, (_, i) => `Batch ${i}`)
    // Sent together, they commit together (src/db/groupCommit.ts); a bad one among them is refused alone.
    const [refused, ...answers] = await Promise.all([
      api.post('/interviews', interview({ company: '' })),
      ...companies.map((company) => api.post('/interviews', interview({ company }))),
    ])
    expectFieldError(refused!, 'company')
    expect(answers.map((a) => a.statusCode)).toEqual(companies.map(() => 201))
    expect(answers.map((a) => a.json().company)).toEqual(companies)
    const ids = answers.map((a) => a.json().id as number)
    expect(new Set(ids).size).toBe(companies.length)
    expect(counts(suite.ctx.app).interviews).toBe(before.interviews + companies.length)
    for (const id of ids) {
      const read = await api.get(`/interviews/${id}`)
      expect(read.json().company).toBe(answers[ids.indexOf(id)]!.json().company)
      const reminders = suite.ctx.app.db
        .prepare('SELECT count(*) FROM reminders WHERE interview_id = ?')
        .pluck()
        .get(id) as number
      expect(reminders, `reminders of interview ${id}`).toBeGreaterThan(0)
    }
  })

  it('rejects a body that is not a JSON object', async () => {
    const { api } = await newClient()
    const response = await api.post('/interviews', ['not', 'an', 'object'])
    expect(response.statusCode).toBe(400)
    expect(response.json()).toMatchObject({ error: 'Bad Request' })
  })

  it('lists with pagination and filters', async () => {
    const { api } = await newClient()
    for (let i = 0; i < 5; i++)
      await api.post(
        '/interviews',
        interview({
          company: `Co ${i}`,
          startsAt: `2026-03-0${i + 1}T09:00:00Z`,
          endsAt: `2026-03-0${i + 1}T10:00:00Z`,
        }),
      )
    const page = await api.get('/interviews?page=2&perPage=2')
    expect(page.statusCode).toBe(200)
    expect(page.json()).toMatchObject({ page: 2, perPage: 2, total: 5 })
    expect(page.json().items.map((i: { company: string }) => i.company)).toEqual(['Co 2', 'Co 1'])
    expect((await api.get('/interviews')).json()).toMatchObject({ page: 1, perPage: 20, total: 5 })
    expect(
      (await api.get('/interviews?status=scheduled')).json().items.map((i: { company: string }) => i.company),
    ).toEqual(['Co 4', 'Co 3', 'Co 2'])
    expect((await api.get('/interviews?from=2026-03-02&to=2026-03-03')).json().total).toBe(2)
    expect((await api.get('/interviews?company=co%203')).json().total).toBe(1)
    for (const query of ['perPage=101', 'perPage=0', 'page=0', 'page=x', 'status=bogus', 'from=03/02/2026'])
      expectFieldError(await api.get(`/interviews?${query}`), query.split('=')[0]!)
  })

  it('reads one interview with its interviewers', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    await api.post(`/interviews/${id}/interviewers`, { name: 'Ada' })
    const response = await api.get(`/interviews/${id}`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      id,
      interviewers: [{ name: 'Ada', topics: [], thankYouSentAt: null }],
    })
    expect((await api.get('/interviews/99999')).statusCode).toBe(404)
    expectFieldError(await api.get('/interviews/abc'), 'id')
  })

  it('patches only the given fields, moving the start with the duration kept', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const moved = await api.patch(`/interviews/${id}`, { startsAt: '2026-03-02T11:00:00Z' })
    expect(moved.statusCode).toBe(200)
    expect(moved.json()).toMatchObject({
      startsAt: '2026-03-02T11:00:00.000Z',
      endsAt: '2026-03-02T12:00:00.000Z',
      company: 'Acme',
    })

    const rezoned = await api.patch(`/interviews/${id}`, { timeZone: 'Asia/Kolkata' })
    expect(rezoned.json()).toMatchObject({ timeZone: 'Asia/Kolkata', startsAt: '2026-03-02T11:00:00.000Z' })

    const done = await api.patch(`/interviews/${id}`, { followUpState: 'done', outcome: 'no_answer' })
    expect(done.json()).toMatchObject({
      followUpState: 'done',
      followUpDoneAt: '2026-03-02T15:00:00.000Z',
      status: 'followed_up',
      outcome: 'no_answer',
    })
    expect((await api.patch(`/interviews/${id}`, { followUpState: 'open' })).json()).toMatchObject({
      followUpState: 'open',
      status: 'awaiting_follow_up',
    })
    expect((await api.patch(`/interviews/${id}`, {})).statusCode).toBe(200)

    const before = (await api.get(`/interviews/${id}`)).json()
    expectFieldError(await api.patch(`/interviews/${id}`, { endsAt: '2026-03-02T10:00:00Z' }), 'endsAt')
    expectFieldError(
      await api.patch(`/interviews/${id}`, { company: 'New', jobUrl: 'javascript:alert(1)' }),
      'jobUrl',
    )
    expectFieldError(await api.patch(`/interviews/${id}`, { followUpState: 'maybe' }), 'followUpState')
    expectFieldError(await api.patch(`/interviews/${id}`, { id: 5 }), 'id')
    expect((await api.get(`/interviews/${id}`)).json()).toEqual(before)
    expect((await api.patch('/interviews/99999', { company: 'x' })).statusCode).toBe(404)
  })

  it('deletes with 204, then 404', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    await api.post(`/interviews/${id}/questions`, { text: 'Q', confidence: 'missed' })
    const deleted = await api.delete(`/interviews/${id}`)
    expect(deleted.statusCode).toBe(204)
    expect(deleted.body).toBe('')
    expect((await api.get(`/interviews/${id}`)).statusCode).toBe(404)
    expect((await api.delete(`/interviews/${id}`)).statusCode).toBe(404)
    expect((await api.get(`/interviews/${id}/questions`)).statusCode).toBe(404)
  })
})

describe('interviewers API', () => {
  it('adds, edits and removes interviewers', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const created = await api.post(`/interviews/${id}/interviewers`, {
      name: ' Ada Park ',
      title: 'CISO',
      email: 'ada@example.com',
      notes: 'Asked about SOC 2',
      topics: ['compliance', ' Compliance ', 'cloud'],
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      interviewId: id,
      name: 'Ada Park',
      topics: ['compliance', 'cloud'],
      answersSentAt: null,
    })
    const pid = created.json().id
    expect((await api.get(`/interviews/${id}/interviewers`)).json()).toHaveLength(1)
    const patched = await api.patch(`/interviewers/${pid}`, { title: 'CTO', topics: [] })
    expect(patched.json()).toMatchObject({
      name: 'Ada Park',
      title: 'CTO',
      email: 'ada@example.com',
      topics: [],
    })
    expect((await api.get(`/interviews/${id}`)).json().progress).toMatchObject({
      interviewers: 1,
      thanked: 0,
    })
    expect((await api.delete(`/interviewers/${pid}`)).statusCode).toBe(204)
    expect((await api.get(`/interviewers/${pid}`)).statusCode).toBe(404)
    expect((await api.delete(`/interviewers/${pid}`)).statusCode).toBe(404)
    expect((await api.post('/interviews/99999/interviewers', { name: 'X' })).statusCode).toBe(404)
  })

  const bad: [string, Record<string, unknown>, string][] = [
    ['missing name', { name: undefined }, 'name'],
    ['empty name', { name: '' }, 'name'],
    ['name of the wrong type', { name: 7 }, 'name'],
    ['name too long', { name: 'n'.repeat(201) }, 'name'],
    ['title too long', { title: 't'.repeat(201) }, 'title'],
    ['two emails', { email: 'a@example.com,b@example.com' }, 'email'],
    ['CRLF in email', { email: 'a@example.com\r\nBcc: x@example.com' }, 'email'],
    ['display name', { email: 'Ada <ada@example.com>' }, 'email'],
    ['angle brackets', { email: '<ada@example.com>' }, 'email'],
    ['space in email', { email: 'ada @example.com' }, 'email'],
    ['not an email', { email: 'ada' }, 'email'],
    ['email too long', { email: `${'a'.repeat(64)}@${'b'.repeat(200)}.com` }, 'email'],
    ['topics as a string', { topics: 'a, b' }, 'topics'],
    ['topic too long', { topics: ['x'.repeat(51)] }, 'topics.0'],
    ['too many topics', { topics: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'topics'],
    ['notes too long', { notes: 'n'.repeat(10_001) }, 'notes'],
    ['unknown field', { phone: '123' }, 'phone'],
  ]

  it.each(bad)('rejects an interviewer with %s', async (_, overrides, field) => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const before = counts(suite.ctx.app)
    expectFieldError(await api.post(`/interviews/${id}/interviewers`, { name: 'Ada', ...overrides }), field)
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('rejects a bad patch and keeps the interviewer', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const pid = (
      await api.post(`/interviews/${id}/interviewers`, { name: 'Ada', email: 'ada@example.com' })
    ).json().id
    expectFieldError(
      await api.patch(`/interviewers/${pid}`, { email: 'x@example.com; y@example.com' }),
      'email',
    )
    expectFieldError(await api.patch(`/interviewers/${pid}`, { name: '  ' }), 'name')
    expect((await api.get(`/interviewers/${pid}`)).json()).toMatchObject({
      name: 'Ada',
      email: 'ada@example.com',
    })
  })
})

describe('questions API', () => {
  it('captures, researches and deletes questions', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const pid = (await api.post(`/interviews/${id}/interviewers`, { name: 'Ada' })).json().id
    const created = await api.post(`/interviews/${id}/questions`, {
      text: 'What is HSTS?',
      confidence: 'shaky',
      topics: ['web'],
      interviewerId: pid,
    })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({
      interviewId: id,
      interviewerId: pid,
      researched: false,
      researchedAt: null,
      includeInFollowUp: true,
      sources: [],
    })
    const qid = created.json().id
    const researched = await api.patch(`/questions/${qid}`, {
      researchedAnswer: 'Strict-Transport-Security header',
      sources: ['https://developer.mozilla.org/hsts'],
      researched: true,
      myAnswer: 'Something about HTTPS',
    })
    expect(researched.json()).toMatchObject({
      researched: true,
      researchedAt: '2026-03-02T15:00:00.000Z',
      text: 'What is HSTS?',
      topics: ['web'],
    })
    suite.ctx.clock.advance(60_000)
    // researchedAt keeps the first time the answer was there; a sent `researched` is ignored.
    const ignored = (
      await api.patch(`/questions/${qid}`, { researched: false, text: 'What is HSTS for?' })
    ).json()
    expect(ignored).toMatchObject({ researched: true, researchedAt: '2026-03-02T15:00:00.000Z' })
    const cleared = (
      await api.patch(`/questions/${qid}`, { researchedAnswer: '  ', researched: true })
    ).json()
    expect(cleared).toMatchObject({ researched: false, researchedAt: null, researchedAnswer: '' })
    expect((await api.patch(`/questions/${qid}`, { interviewerId: null })).json().interviewerId).toBeNull()
    expect((await api.get(`/interviews/${id}/questions`)).json()).toHaveLength(1)
    expect((await api.get(`/interviews/${id}`)).json().progress).toMatchObject({
      questions: 1,
      researchList: 1,
      researched: 0,
    })
    expect((await api.delete(`/questions/${qid}`)).statusCode).toBe(204)
    expect((await api.get(`/questions/${qid}`)).statusCode).toBe(404)
    expect((await api.patch(`/questions/${qid}`, { text: 'x' })).statusCode).toBe(404)
    expect(
      (await api.post('/interviews/99999/questions', { text: 'Q', confidence: 'missed' })).statusCode,
    ).toBe(404)
  })

  const bad: [string, Record<string, unknown>, string][] = [
    ['missing text', { text: undefined }, 'text'],
    ['empty text', { text: '' }, 'text'],
    ['text too long', { text: 'q'.repeat(2001) }, 'text'],
    ['missing confidence', { confidence: undefined }, 'confidence'],
    ['unknown confidence', { confidence: 'great' }, 'confidence'],
    ['topics not an array', { topics: 'web' }, 'topics'],
    ['javascript: source', { sources: ['javascript:alert(1)'] }, 'sources'],
    ['relative source', { sources: ['/wiki'] }, 'sources'],
    [
      'too many sources',
      { sources: Array.from({ length: 21 }, (_, i) => `https://e.example/${i}`) },
      'sources',
    ],
    ['researched as text', { researched: 'yes' }, 'researched'],
    ['include as number', { includeInFollowUp: 1 }, 'includeInFollowUp'],
    ['unknown interviewer', { interviewerId: 999999 }, 'interviewerId'],
    ['interviewer id of the wrong type', { interviewerId: 'Ada' }, 'interviewerId'],
    ['researched answer too long', { researchedAnswer: 'a'.repeat(20_001) }, 'researchedAnswer'],
    ['my answer too long', { myAnswer: 'a'.repeat(20_001) }, 'myAnswer'],
    ['unknown field', { difficulty: 3 }, 'difficulty'],
  ]

  it.each(bad)('rejects a question with %s', async (_, overrides, field) => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const before = counts(suite.ctx.app)
    expectFieldError(
      await api.post(`/interviews/${id}/questions`, { text: 'Q?', confidence: 'missed', ...overrides }),
      field,
    )
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('refuses an interviewer of another interview', async () => {
    const { api } = await newClient()
    const first = (await api.post('/interviews', interview())).json().id
    const second = (await api.post('/interviews', interview({ company: 'Other' }))).json().id
    const other = (await api.post(`/interviews/${second}/interviewers`, { name: 'Elsewhere' })).json().id
    expectFieldError(
      await api.post(`/interviews/${first}/questions`, {
        text: 'Q',
        confidence: 'missed',
        interviewerId: other,
      }),
      'interviewerId',
    )
    const qid = (await api.post(`/interviews/${first}/questions`, { text: 'Q', confidence: 'missed' })).json()
      .id
    expectFieldError(await api.patch(`/questions/${qid}`, { interviewerId: other }), 'interviewerId')
    expect((await api.get(`/questions/${qid}`)).json().interviewerId).toBeNull()
  })

  it('lists the question bank with filters and pagination', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    await api.post(`/interviews/${id}/questions`, {
      text: 'Explain OAuth PKCE',
      confidence: 'missed',
      topics: ['OAuth'],
    })
    await api.post(`/interviews/${id}/questions`, {
      text: 'What is a nonce?',
      confidence: 'shaky',
      topics: ['crypto'],
      researchedAnswer: 'A number used once.',
    })
    // Research claimed without an answer is not research.
    await api.post(`/interviews/${id}/questions`, { text: 'Why Go?', confidence: 'shaky', researched: true })
    await api.post(`/interviews/${id}/questions`, { text: 'Why Rust?', confidence: 'nailed' })
    const all = await api.get('/questions?perPage=2')
    expect(all.json()).toMatchObject({ page: 1, perPage: 2, total: 4 })
    expect(all.json().items[0]).toMatchObject({ text: 'Why Rust?', company: 'Acme', snippet: null })
    const texts = async (query: string) =>
      (await api.get(`/questions?${query}`)).json().items.map((q: { text: string }) => q.text)
    expect(await texts('confidence=missed')).toEqual(['Explain OAuth PKCE'])
    expect(await texts('topic=oauth')).toEqual(['Explain OAuth PKCE'])
    expect(await texts('researched=true')).toEqual(['What is a nonce?'])
    expect(await texts('researched=false&confidence=shaky')).toEqual(['Why Go?'])
    const found = await api.get('/questions?q=pkce')
    expect(found.json().items).toHaveLength(1)
    expect(found.json().items[0].snippet).toContain('<mark>PKCE</mark>')
    expectFieldError(await api.get('/questions?confidence=great'), 'confidence')
    expectFieldError(await api.get('/questions?researched=maybe'), 'researched')
  })
})

describe('questions to ask API', () => {
  it('lists the seeded questions and adds, edits and deletes', async () => {
    const { api } = await newClient()
    const list = await api.get('/ask-questions')
    expect(list.statusCode).toBe(200)
    expect(list.json().map((q: { text: string }) => q.text)).toEqual([
      'What are the major security challenges the organization is facing?',
      'What is the next problem the team is trying to solve — compliance, secure coding, or infrastructure?',
      'Does the organization plan to expand or streamline its security team?',
    ])
    const created = await api.post('/ask-questions', { text: ' What does success look like in 90 days? ' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toMatchObject({ text: 'What does success look like in 90 days?' })
    const before = counts(suite.ctx.app)
    expectFieldError(await api.post('/ask-questions', { text: '' }), 'text')
    expectFieldError(await api.post('/ask-questions', { text: '   ' }), 'text')
    expectFieldError(await api.post('/ask-questions', { text: 'x'.repeat(501) }), 'text')
    expectFieldError(await api.post('/ask-questions', {}), 'text')
    expectFieldError(await api.post('/ask-questions', { text: 'ok', extra: 1 }), 'extra')
    expect(counts(suite.ctx.app)).toEqual(before)
    const aid = created.json().id
    expect((await api.patch(`/ask-questions/${aid}`, { text: 'Changed' })).json().text).toBe('Changed')
    expect((await api.delete(`/ask-questions/${aid}`)).statusCode).toBe(204)
    expect((await api.delete(`/ask-questions/${aid}`)).statusCode).toBe(404)
  })

  it('records which were asked at an interview and what was heard', async () => {
    const { api } = await newClient()
    const id = (await api.post('/interviews', interview())).json().id
    const [first] = (await api.get('/ask-questions')).json()
    const asked = await api.post(`/interviews/${id}/asked`, { askQuestionId: first.id })
    expect(asked.statusCode).toBe(201)
    expect(asked.json()).toMatchObject({
      interviewId: id,
      askQuestionId: first.id,
      text: first.text,
      answerHeard: '',
    })
    expect((await api.post(`/interviews/${id}/asked`, { askQuestionId: first.id })).json().id).toBe(
      asked.json().id,
    )
    expectFieldError(await api.post(`/interviews/${id}/asked`, { askQuestionId: 999999 }), 'askQuestionId')
    const heard = await api.patch(`/asked/${asked.json().id}`, { answerHeard: 'Mostly supply chain.' })
    expect(heard.json().answerHeard).toBe('Mostly supply chain.')
    expectFieldError(
      await api.patch(`/asked/${asked.json().id}`, { answerHeard: 'x'.repeat(5001) }),
      'answerHeard',
    )
    expect((await api.get(`/interviews/${id}/asked`)).json()).toHaveLength(1)
    expect((await api.delete(`/asked/${asked.json().id}`)).statusCode).toBe(204)
    expect((await api.get(`/interviews/${id}/asked`)).json()).toHaveLength(0)
  })
})

describe('API data on pages', () => {
  it('stores hostile text as text and the pages escape it', async () => {
    const { agent, api } = await newClient()
    const script = '<script>alert(1)</script>'
    const img = '"><img src=x onerror=alert(1)>'
    const created = await api.post(
      '/interviews',
      interview({ company: script, role: img, notes: img, location: script }),
    )
    expect(created.headers['content-type']).toMatch(/^application\/json/)
    expect(created.json().company).toBe(script)
    const id = created.json().id
    await api.post(`/interviews/${id}/interviewers`, { name: img, title: script, topics: [script] })
    await api.post(`/interviews/${id}/questions`, {
      text: script,
      confidence: 'missed',
      topics: [img],
      researchedAnswer: img,
    })
    for (const url of ['/', `/interviews/${id}`, '/interviews', '/questions', '/questions?q=script']) {
      const page = await agent.get(url)
      expect(page.body, url).not.toContain('<script>alert')
      expect(page.body, url).not.toContain('<img src=x')
    }
  })
})

describe('OpenAPI', () => {
  it('documents the routes with tags', async () => {
    const doc = (await suite.ctx.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[] }>>
    }
    for (const [path, method] of [
      ['/api/v1/interviews', 'post'],
      ['/api/v1/interviews/{id}', 'patch'],
      ['/api/v1/interviews/{id}/interviewers', 'post'],
      ['/api/v1/interviewers/{id}', 'delete'],
      ['/api/v1/questions', 'get'],
      ['/api/v1/ask-questions', 'post'],
    ] as const) {
      expect(doc.paths[path]?.[method]?.tags?.length, `${method} ${path}`).toBeGreaterThan(0)
    }
  })
})
