import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ftsQuery } from '../../src/domain/search.js'
import { type Agent, createToken } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { apiClient, captureQuestion, logInterview, signUpUser } from '../helpers/interviews.js'

let ctx: Awaited<ReturnType<typeof createTestApp>>
let agent: Agent
let api: ReturnType<typeof apiClient>
let interviewId: number

const questionId = (text: string) =>
  ctx.app.db.prepare('SELECT id FROM questions WHERE text = ?').pluck().get(text) as number

async function research(id: number, fields: Record<string, string>) {
  const response = await agent.submit(
    `/questions/${id}`,
    { text: 'Explain replay protection', confidence: 'missed', interviewerId: '', ...fields },
    `/questions/${id}`,
  )
  expect(response.statusCode).toBe(302)
}

beforeAll(async () => {
  ctx = await createTestApp({ env: { SIGNUP: 'open' } })
  agent = await signUpUser(ctx.app, { email: 'search@example.com' })
  api = apiClient(ctx.app, await createToken(agent))
  interviewId = await logInterview(agent)
})
afterAll(async () => ctx?.close())

describe('question bank search', () => {
  it('finds a question by a word of its researched answer, follows edits, and forgets it after deletion', async () => {
    await captureQuestion(agent, interviewId, { text: 'Explain replay protection', topics: 'protocols' })
    const id = questionId('Explain replay protection')
    expect((await agent.get('/questions?q=idempotency')).body).not.toContain('Explain replay protection')

    await research(id, { researchedAnswer: 'Use idempotency keys and nonces with expiry.' })
    const found = await agent.get('/questions?q=idempotency')
    expect(found.statusCode).toBe(200)
    expect(found.body).toContain(`href="/questions/${id}"`)
    expect(found.body).toContain('<mark>idempotency</mark>')
    // Prefixes and stems match too.
    expect((await agent.get('/questions?q=idempot')).body).toContain(`href="/questions/${id}"`)
    expect((await api.get('/questions?q=nonce')).json().total).toBe(1)

    await research(id, { researchedAnswer: 'Sequence numbers instead.' })
    expect((await agent.get('/questions?q=idempotency')).body).not.toContain(`href="/questions/${id}"`)
    expect((await agent.get('/questions?q=sequence')).body).toContain(`href="/questions/${id}"`)

    expect((await agent.submit(`/questions/${id}/delete`, {}, `/questions/${id}`)).statusCode).toBe(302)
    expect((await agent.get('/questions?q=sequence')).body).not.toContain(`href="/questions/${id}"`)
    expect((await api.get('/questions?q=sequence')).json().total).toBe(0)
  })

  it('shows a cut answer with one ellipsis at each cut, never two', async () => {
    const text = 'Describe log retention'
    await captureQuestion(agent, interviewId, { text, topics: 'logging' })
    const id = questionId(text)
    const words = Array.from({ length: 40 }, (_, i) => `word${i}`)
    await research(id, {
      text,
      researchedAnswer: `${words.slice(0, 20).join(' ')} quarantine ${words.slice(20).join(' ')}`,
    })
    const page = await agent.get('/questions?q=quarantine')
    const snippet = /<p class="snippet small">(.*?)<\/p>/.exec(page.body)?.[1] ?? ''
    expect(snippet).toContain('<mark>quarantine</mark>')
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet.endsWith('…')).toBe(true)
    expect(snippet).not.toContain('……')
  })

  it('highlights matches in the question text and combines search with filters', async () => {
    await captureQuestion(agent, interviewId, {
      text: 'How would you rotate signing keys?',
      confidence: 'shaky',
      topics: 'crypto, keys',
    })
    await captureQuestion(agent, interviewId, {
      text: 'Where do you store API keys?',
      confidence: 'nailed',
      topics: 'secrets',
    })
    const both = await agent.get('/questions?q=keys')
    expect(both.body).toContain('signing <mark>keys</mark>?')
    expect(both.body).toContain('2 questions')
    const shaky = await agent.get('/questions?q=keys&confidence=shaky')
    expect(shaky.body).toContain('1 question<')
    expect(shaky.body).toContain('rotate signing')
    const topic = await agent.get('/questions?q=keys&topic=secrets&researched=no')
    expect(topic.body).toContain('store API')
    expect(topic.body).not.toContain('rotate signing')
  })

  it('escapes stored markup around highlighted matches', async () => {
    const text = 'What does <b>zeta</b> "do" & why?'
    await captureQuestion(agent, interviewId, { text, topics: '' })
    const page = await agent.get('/questions?q=zeta')
    expect(page.body).toContain('What does &lt;b&gt;<mark>zeta</mark>&lt;/b&gt; &quot;do&quot; &amp; why?')
    expect(page.body).not.toContain('<b>zeta')
  })

  it.each([
    '"',
    '""',
    '*',
    'AND (',
    'OR',
    'NOT',
    'NEAR(a b',
    '(',
    ')',
    '-x',
    'a:b',
    '^start',
    'col:*',
    "'; DROP TABLE questions; --",
    '\u0002',
    'x'.repeat(200),
  ])('does not fail on the query %j', async (q) => {
    const page = await agent.get(`/questions?q=${encodeURIComponent(q)}`)
    expect(page.statusCode).toBe(200)
    const json = await api.get(`/questions?q=${encodeURIComponent(q)}`)
    expect(json.statusCode).toBe(200)
  })

  it('never raises an FTS error, whatever is typed', () => {
    const userId = ctx.app.db
      .prepare("SELECT id FROM users WHERE email = 'search@example.com'")
      .pluck()
      .get() as number
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ maxLength: 40 }), (a, b) => {
        for (const input of [a, b, `${a} ${b}`, `"${a}`, `${b}*`, `(${a} AND ${b}`]) {
          const result = ctx.app.repos.questions.search(
            userId,
            { match: ftsQuery(input) },
            { limit: 5, offset: 0 },
          )
          expect(result.total).toBeGreaterThanOrEqual(0)
        }
      }),
      { numRuns: 200 },
    )
  })
})
