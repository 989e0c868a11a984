import { describe, expect, it } from 'vitest'
import { counts, expectFieldError } from '../helpers/interviews.js'
import { interview, interviewsApiSuite } from '../helpers/interviewsApi.js'

const { suite, newClient } = interviewsApiSuite()

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
