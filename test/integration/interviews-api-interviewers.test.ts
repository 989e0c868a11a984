import { describe, expect, it } from 'vitest'
import { counts, expectFieldError } from '../helpers/interviews.js'
import { interview, interviewsApiSuite } from '../helpers/interviewsApi.js'

const { suite, newClient } = interviewsApiSuite()

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
