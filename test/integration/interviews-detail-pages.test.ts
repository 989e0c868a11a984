import { describe, expect, it } from 'vitest'
import { interviewPagesSuite } from '../helpers/interviewPages.js'
import {
  addInterviewer,
  captureQuestion,
  counts,
  expectFormError,
  logInterview,
} from '../helpers/interviews.js'

const { suite, row, withInterview } = interviewPagesSuite()
const { newUser } = suite

describe('interview pages', () => {
  it('deletes an interview after a confirmation page, with everything attached', async () => {
    const { agent, id } = await withInterview()
    await addInterviewer(agent, id)
    await captureQuestion(agent, id)
    const confirm = await agent.get(`/interviews/${id}/delete`)
    expect(confirm.statusCode).toBe(200)
    expect(confirm.body).toContain('Delete this interview?')
    const response = await agent.submit(`/interviews/${id}/delete`, {}, `/interviews/${id}/delete`)
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/interviews')
    expect(row(id)).toBeUndefined()
    const left = suite.ctx.app.db
      .prepare(
        'SELECT (SELECT count(*) FROM interviewers WHERE interview_id = ?) + (SELECT count(*) FROM questions WHERE interview_id = ?)',
      )
      .pluck()
      .get(id, id)
    expect(left).toBe(0)
    expect((await agent.get(`/interviews/${id}`)).statusCode).toBe(404)
  })

  it('marks the follow-up done or not needed, and undoes it', async () => {
    const { agent, id } = await withInterview()
    const mark = (state: string) =>
      agent.submit(`/interviews/${id}/follow-up`, { state }, `/interviews/${id}`)
    expect((await mark('done')).statusCode).toBe(302)
    expect(row(id)).toMatchObject({ follow_up_state: 'done', follow_up_done_at: suite.ctx.clock.now() })
    let page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('Followed up')
    expect(page.body).not.toContain('data-deadline=')
    await mark('open')
    expect(row(id)).toMatchObject({ follow_up_state: 'open', follow_up_done_at: null })
    await mark('not_needed')
    page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('No follow-up needed')
    expect((await mark('maybe')).statusCode).toBe(400)
    expect(row(id).follow_up_state).toBe('not_needed')
  })

  it('404s for an id that does not exist, and 400s for one that is not a number', async () => {
    const agent = await newUser()
    expect((await agent.get('/interviews/999999')).statusCode).toBe(404)
    expect((await agent.get('/interviews/abc')).statusCode).toBe(400)
    expect((await agent.get('/interviews/999999/edit')).statusCode).toBe(404)
    expect((await agent.get('/questions/999999')).statusCode).toBe(404)
    expect((await agent.get('/interviewers/999999/edit')).statusCode).toBe(404)
  })
})

describe('interviewer pages', () => {
  it('adds, edits, marks thanked and removes an interviewer', async () => {
    const { agent, id } = await withInterview()
    await addInterviewer(agent, id, {
      name: 'Ada Park',
      email: 'ada@example.com',
      topics: 'threat models, OAuth, oauth',
    })
    const p = suite.ctx.app.db.prepare('SELECT * FROM interviewers WHERE interview_id = ?').get(id) as Record<
      string,
      unknown
    >
    expect(p).toMatchObject({
      name: 'Ada Park',
      email: 'ada@example.com',
      topics: '["threat models","OAuth"]',
      thank_you_sent_at: null,
    })
    let page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('Ada Park')
    expect(page.body).toContain('0/1 thanked')
    // The notes themselves are written on the drafts page, one click away.
    expect(page.body).toMatch(new RegExp(`<a [^>]*href="/interviews/${id}/drafts">Follow-up drafts</a>`))
    expect(page.body).toMatch(new RegExp(`<a [^>]*href="/interviews/${id}/calendar.ics" download>`))
    expect((await agent.get(`/interviews/${id}/drafts`)).statusCode).toBe(200)

    expect((await agent.get(`/interviewers/${p.id}/edit`)).body).toContain('value="threat models, OAuth"')
    const edited = await agent.submit(
      `/interviewers/${p.id}`,
      { name: 'Ada P.', title: 'CISO', email: '', topics: '', notes: 'kind' },
      `/interviewers/${p.id}/edit`,
    )
    expect(edited.statusCode).toBe(302)

    await agent.submit(`/interviewers/${p.id}/sent`, { what: 'thankYou', sent: '1' }, `/interviews/${id}`)
    page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('1/1 thanked')
    expect(page.body).toContain('Ada P.')
    await agent.submit(`/interviewers/${p.id}/sent`, { what: 'thankYou', sent: '0' }, `/interviews/${id}`)
    expect((await agent.get(`/interviews/${id}`)).body).toContain('0/1 thanked')

    const removed = await agent.submit(`/interviewers/${p.id}/delete`, {}, `/interviews/${id}`)
    expect(removed.statusCode).toBe(302)
    expect(counts(suite.ctx.app).interviewers).toBe(
      suite.ctx.app.db.prepare('SELECT count(*) FROM interviewers').pluck().get() as number,
    )
    expect(suite.ctx.app.db.prepare('SELECT count(*) FROM interviewers WHERE id = ?').pluck().get(p.id)).toBe(
      0,
    )
  })

  const badInterviewer: [string, Record<string, string>, RegExp][] = [
    ['name missing', { name: '' }, /^Name must not be empty$/],
    ['name too long', { name: 'n'.repeat(201) }, /^Name must be at most 200/],
    ['title too long', { title: 't'.repeat(201) }, /^Title must be at most 200/],
    ['two addresses', { email: 'a@example.com, b@example.com' }, /^Email must be exactly one address/],
    ['header injection', { email: 'a@example.com\r\nBcc: x@evil.com' }, /^Email must be on one line$/],
    ['display name', { email: 'Sam <sam@example.com>' }, /^Email must be a bare address/],
    ['angle brackets', { email: '<sam@example.com>' }, /^Email must be a bare address/],
    ['space', { email: 'sam @example.com' }, /^Email must not contain spaces$/],
    ['no domain', { email: 'sam@' }, /^Email must be a valid address/],
    ['email too long', { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.com` }, /^Email must be at most 254/],
    ['topic too long', { topics: 'x'.repeat(51) }, /^Topics discussed must each be at most 50/],
    ['notes too long', { notes: 'n'.repeat(10_001) }, /^Notes must be at most 10000/],
  ]

  it.each(badInterviewer)('rejects an interviewer with %s and stores nothing', async (_, fields, message) => {
    const { agent, id } = await withInterview()
    const before = counts(suite.ctx.app)
    const response = await agent.submit(
      `/interviews/${id}/interviewers`,
      { name: 'Sam', title: '', email: '', topics: '', notes: '', ...fields },
      `/interviews/${id}`,
    )
    expectFormError(response, message)
    expect(counts(suite.ctx.app)).toEqual(before)
  })
})

describe('question pages', () => {
  it('captures questions, researches one and shows progress', async () => {
    const { agent, id } = await withInterview()
    await addInterviewer(agent, id, { name: 'Kim' })
    await captureQuestion(agent, id, {
      text: 'Explain CSRF defences',
      confidence: 'missed',
      topics: 'web, csrf',
    })
    await captureQuestion(agent, id, { text: 'What is SSRF?', confidence: 'shaky', topics: 'web' })
    await captureQuestion(agent, id, { text: 'Tell me about yourself', confidence: 'nailed', topics: '' })
    let page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('0/2 researched')

    const q = suite.ctx.app.db
      .prepare('SELECT id FROM questions WHERE text = ?')
      .get('Explain CSRF defences') as {
      id: number
    }
    const kim = suite.ctx.app.db.prepare('SELECT id FROM interviewers WHERE name = ?').get('Kim') as {
      id: number
    }
    const research = await agent.get(`/questions/${q.id}`)
    expect(research.statusCode).toBe(200)
    expect(research.body).toContain('Research a question')
    const save = await agent.submit(
      `/questions/${q.id}`,
      {
        text: 'Explain CSRF defences',
        confidence: 'missed',
        topics: 'web, csrf',
        myAnswer: 'Something about cookies',
        researchedAnswer: 'Synchronizer tokens\nSameSite cookies',
        sources: 'https://owasp.org/csrf\n\nhttps://example.com/samesite',
        researched: '1',
        includeInFollowUp: '1',
        interviewerId: String(kim.id),
      },
      `/questions/${q.id}`,
    )
    expect(save.statusCode).toBe(302)
    const stored = suite.ctx.app.db.prepare('SELECT * FROM questions WHERE id = ?').get(q.id) as Record<
      string,
      unknown
    >
    expect(stored).toMatchObject({
      researched: 1,
      researched_at: suite.ctx.clock.now(),
      include_in_follow_up: 1,
      interviewer_id: kim.id,
      sources: '["https://owasp.org/csrf","https://example.com/samesite"]',
      researched_answer: 'Synchronizer tokens\nSameSite cookies',
    })
    page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain('1/2 researched')
    expect(page.body).toContain('asked by Kim')

    // Without an answer: no longer researched (time cleared); unticked: left out of the follow-up.
    await agent.submit(
      `/questions/${q.id}`,
      { text: 'Explain CSRF defences', confidence: 'missed', interviewerId: '' },
      `/questions/${q.id}`,
    )
    expect(
      suite.ctx.app.db
        .prepare(
          'SELECT researched, researched_at, include_in_follow_up, interviewer_id FROM questions WHERE id = ?',
        )
        .get(q.id),
    ).toEqual({
      researched: 0,
      researched_at: null,
      include_in_follow_up: 0,
      interviewer_id: null,
    })

    const deleted = await agent.submit(`/questions/${q.id}/delete`, {}, `/questions/${q.id}`)
    expect(deleted.statusCode).toBe(302)
    expect((await agent.get(`/questions/${q.id}`)).statusCode).toBe(404)
  })

  const badCapture: [string, Record<string, string>, RegExp][] = [
    ['text missing', { text: '' }, /^Question you were asked must not be empty$/],
    ['text blank', { text: '   ' }, /^Question you were asked must not be empty$/],
    ['text too long', { text: 'q'.repeat(2001) }, /^Question you were asked must be at most 2000/],
    ['confidence unknown', { confidence: 'great' }, /^How did it go\? must be one of/],
    [
      'too many topics',
      { topics: Array.from({ length: 21 }, (_, i) => `t${i}`).join(',') },
      /^Topics must be at most 20 tags$/,
    ],
  ]

  it.each(badCapture)(
    'rejects a captured question with %s and stores nothing',
    async (_, fields, message) => {
      const { agent, id } = await withInterview()
      const before = counts(suite.ctx.app)
      const response = await agent.submit(
        `/interviews/${id}/questions`,
        { text: 'Q?', confidence: 'missed', topics: '', ...fields },
        `/interviews/${id}`,
      )
      expectFormError(response, message)
      expect(counts(suite.ctx.app)).toEqual(before)
    },
  )

  it('rejects bad research input and an interviewer from another interview', async () => {
    const agent = await newUser()
    const first = await logInterview(agent)
    const second = await logInterview(agent, { company: 'Other' })
    await addInterviewer(agent, second, { name: 'Elsewhere' })
    await captureQuestion(agent, first)
    const q = suite.ctx.app.db
      .prepare('SELECT id, updated_at FROM questions WHERE interview_id = ?')
      .get(first) as { id: number; updated_at: number }
    const other = suite.ctx.app.db
      .prepare('SELECT id FROM interviewers WHERE interview_id = ?')
      .get(second) as {
      id: number
    }
    const base = { text: 'Q', confidence: 'missed', interviewerId: '' }
    const cases: [Record<string, string>, RegExp][] = [
      [{ sources: 'https://ok.example\njavascript:alert(1)' }, /^Sources line 2 must start with http/],
      [{ sources: 'not a url' }, /^Sources line 1 must be one http/],
      [{ interviewerId: String(other.id) }, /^Asked by must be one of the interviewers of this interview$/],
      [{ researchedAnswer: 'a'.repeat(20_001) }, /^Researched answer must be at most 20000/],
      [{ myAnswer: 'a'.repeat(20_001) }, /^What I answered must be at most 20000/],
      [{ text: '' }, /^Question must not be empty$/],
    ]
    for (const [fields, message] of cases) {
      const response = await agent.submit(`/questions/${q.id}`, { ...base, ...fields }, `/questions/${q.id}`)
      expectFormError(response, message, JSON.stringify(fields))
    }
    expect(suite.ctx.app.db.prepare('SELECT text, updated_at FROM questions WHERE id = ?').get(q.id)).toEqual(
      {
        text: 'How does TLS resumption work?',
        updated_at: q.updated_at,
      },
    )
  })
})
