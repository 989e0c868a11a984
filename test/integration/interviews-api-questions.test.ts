import { describe, expect, it } from 'vitest'
import { counts, expectFieldError } from '../helpers/interviews.js'
import { interview, interviewsApiSuite } from '../helpers/interviewsApi.js'

const { suite, newClient } = interviewsApiSuite()

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
