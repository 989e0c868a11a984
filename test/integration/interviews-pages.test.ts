import { describe, expect, it } from 'vitest'
import { DEFAULT_ASK_QUESTIONS } from '../../src/db/askQuestions.js'
import type { Agent } from '../helpers/agent.js'
import {
  addInterviewer,
  captureQuestion,
  counts,
  errorsOf,
  expectFormError,
  interviewForm,
  logInterview,
} from '../helpers/interviews.js'
import { openSignupSuite } from '../helpers/openSignupSuite.js'
import { shownPages } from '../helpers/shownPages.js'

const suite = openSignupSuite('page')
const { newUser } = suite
const row = (id: number) =>
  suite.ctx.app.db.prepare('SELECT * FROM interviews WHERE id = ?').get(id) as Record<string, unknown>
/** A new account with one interview logged through the form, `fields` over its defaults. */
async function withInterview(fields: Record<string, string> = {}) {
  const agent = await newUser()
  return { agent, id: await logInterview(agent, fields) }
}

describe('interview pages', () => {
  it('asks to log in first', async () => {
    for (const url of [
      '/interviews',
      '/interviews/new',
      '/interviews/1',
      '/questions',
      '/ask',
      '/questions/1',
    ]) {
      const response = await suite.ctx.app.inject({ url })
      expect(response.statusCode, url).toBe(302)
      expect(response.headers.location).toMatch(/^\/login\?next=/)
    }
  })

  it('offers the user zone by default and stores UTC instants with the zone', async () => {
    const agent = await newUser('America/New_York')
    const form = await agent.get('/interviews/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('value="America/New_York"')
    expect(form.body).toContain('type="datetime-local"')

    const id = await logInterview(agent, { timeZone: 'America/New_York' })
    expect(row(id)).toMatchObject({
      starts_at: Date.parse('2026-03-02T14:00:00Z'),
      ends_at: Date.parse('2026-03-02T15:00:00Z'),
      time_zone: 'America/New_York',
      company: 'Acme Corp',
      follow_up_state: 'open',
    })
    const page = await agent.get(`/interviews/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Acme Corp — Security Engineer')
    expect(page.body).toContain('Awaiting follow-up')
    // Deadline = end + 24 h, in the user's zone, with a live countdown (clock: 2026-03-02T15:00Z).
    expect(page.body).toContain(`data-deadline="${Date.parse('2026-03-03T15:00:00Z')}"`)
    expect(page.body).toContain('1 d left')
    expect(page.body).toContain('Tue 3 Mar 2026, 10:00 (EST)')
    expect(page.body).toContain('id="reminders"')
    expect(page.body).toContain('<a href="https://meet.example.com/abc"')
    expect(page.body).toContain('<a href="https://jobs.example.com/42"')
  })

  it('takes a duration instead of an end, and the earlier instant for an ambiguous time', async () => {
    const { id } = await withInterview({
      timeZone: 'America/New_York',
      startsAt: '2026-11-01T01:30',
      endsAt: '',
      durationMinutes: '90',
    })
    expect(row(id)).toMatchObject({
      starts_at: Date.parse('2026-11-01T05:30:00Z'),
      ends_at: Date.parse('2026-11-01T07:00:00Z'),
    })
  })

  const bad: [string, Record<string, string>, RegExp][] = [
    ['company missing', { company: '' }, /^Company must not be empty$/],
    ['company blank', { company: '   ' }, /^Company must not be empty$/],
    ['company too long', { company: 'c'.repeat(201) }, /^Company must be at most 200 characters$/],
    ['role missing', { role: '' }, /^Role must not be empty$/],
    ['role too long', { role: 'r'.repeat(201) }, /^Role must be at most 200 characters$/],
    ['kind unknown', { kind: 'lunch' }, /^Kind must be one of/],
    ['start missing', { startsAt: '' }, /^Starts must not be empty$/],
    ['start not a time', { startsAt: 'tomorrow 9am' }, /^Starts must be a date and time/],
    ['end before start', { endsAt: '2026-03-02T08:00' }, /^Ends must be after the start$/],
    ['end equal to start', { endsAt: '2026-03-02T09:00' }, /^Ends must be after the start$/],
    ['longer than 12 h', { endsAt: '2026-03-02T21:01' }, /^Ends must be at most 12 hours after the start$/],
    ['no end, no duration', { endsAt: '' }, /^Ends is required/],
    ['duration not a number', { endsAt: '', durationMinutes: 'abc' }, /^Duration must be a whole number/],
    [
      'duration too long',
      { endsAt: '', durationMinutes: '721' },
      /^Duration must be a whole number of minutes from 1 to 720$/,
    ],
    ['unknown zone', { timeZone: 'Mars/Base' }, /^Time zone “Mars\/Base” is not a time zone Debrief knows/],
    ['zone abbreviation', { timeZone: 'EST' }, /^Time zone “EST” is an abbreviation, not a place/],
    [
      'nonexistent local time',
      { timeZone: 'America/New_York', startsAt: '2026-03-08T02:30', endsAt: '2026-03-08T04:00' },
      /^Starts does not exist in America\/New_York/,
    ],
    ['location too long', { location: 'l'.repeat(501) }, /^Location or meeting link must be at most 500/],
    [
      'javascript: job URL',
      { jobUrl: 'javascript:alert(1)' },
      /^Job posting URL must start with http:\/\/ or https:\/\//,
    ],
    ['relative job URL', { jobUrl: '/jobs/1' }, /^Job posting URL must be a full address/],
    ['job URL with spaces', { jobUrl: 'https://exa mple.com' }, /^Job posting URL must be one http/],
    ['notes too long', { notes: 'n'.repeat(20_001) }, /^Notes must be at most 20000 characters$/],
    ['outcome unknown', { outcome: 'ghosted' }, /^Outcome must be one of/],
  ]

  it.each(bad)(
    'rejects %s with a message beside the field, keeps the input and stores nothing',
    async (_, overrides, message) => {
      const agent = await newUser()
      const before = counts(suite.ctx.app)
      const response = await agent.submit(
        '/interviews',
        interviewForm({ ...overrides, notes: overrides.notes ?? 'keep me' }),
        '/interviews/new',
      )
      expectFormError(response, message)
      if (!overrides.notes) expect(response.body).toContain('keep me')
      expect(response.body).toContain('aria-invalid="true"')
      expect(counts(suite.ctx.app)).toEqual(before)
    },
  )

  it('names a field that is missing from the form altogether', async () => {
    const agent = await newUser()
    const { company: _c, startsAt: _s, ...rest } = interviewForm()
    const before = counts(suite.ctx.app)
    const response = await agent.submit('/interviews', rest, '/interviews/new')
    expect(response.statusCode).toBe(400)
    expect(errorsOf(response)).toEqual(expect.arrayContaining(['Company is required', 'Starts is required']))
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('reports several bad fields at once', async () => {
    const agent = await newUser()
    const response = await agent.submit(
      '/interviews',
      interviewForm({ company: '', jobUrl: 'javascript:alert(1)', endsAt: '2026-03-02T08:00' }),
      '/interviews/new',
    )
    expect(errorsOf(response)).toHaveLength(3)
  })

  it('refuses a form without its CSRF token', async () => {
    const agent = await newUser()
    const before = counts(suite.ctx.app)
    const response = await agent.submit('/interviews', { ...interviewForm(), _csrf: 'forged' })
    expect(response.statusCode).toBe(403)
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('edits an interview, showing local times, and re-renders errors without saving', async () => {
    const { agent, id } = await withInterview({
      timeZone: 'Asia/Kolkata',
      startsAt: '2026-03-02T14:30',
      endsAt: '2026-03-02T15:30',
    })
    const edit = await agent.get(`/interviews/${id}/edit`)
    expect(edit.statusCode).toBe(200)
    expect(edit.body).toContain('value="2026-03-02T14:30"')
    expect(edit.body).toContain('value="Asia/Kolkata"')

    const bad = await agent.submit(
      `/interviews/${id}`,
      interviewForm({ company: 'Changed', endsAt: '2026-03-02T08:00' }),
      `/interviews/${id}/edit`,
    )
    expect(bad.statusCode).toBe(400)
    expect(row(id).company).toBe('Acme Corp')

    const ok = await agent.submit(
      `/interviews/${id}`,
      interviewForm({
        company: 'Changed',
        timeZone: 'Asia/Kolkata',
        startsAt: '2026-03-02T16:00',
        endsAt: '2026-03-02T17:00',
        outcome: 'offer',
      }),
      `/interviews/${id}/edit`,
    )
    expect(ok.statusCode).toBe(302)
    expect(row(id)).toMatchObject({
      company: 'Changed',
      starts_at: Date.parse('2026-03-02T10:30:00Z'),
      outcome: 'offer',
    })
    expect((await agent.get(`/interviews/${id}`)).body).toContain('Closed')
  })

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

describe('questions to ask', () => {
  it('seeds exactly the three samples at sign-up', async () => {
    const agent = await newUser()
    const page = await agent.get('/ask')
    expect(page.statusCode).toBe(200)
    const user = suite.ctx.app.db
      .prepare('SELECT id FROM users WHERE email = ?')
      .pluck()
      .get(suite.lastEmail())
    expect(
      suite.ctx.app.db
        .prepare('SELECT text FROM ask_questions WHERE user_id = ? ORDER BY id')
        .pluck()
        .all(user),
    ).toEqual([
      'What are the major security challenges the organization is facing?',
      'What is the next problem the team is trying to solve — compliance, secure coding, or infrastructure?',
      'Does the organization plan to expand or streamline its security team?',
    ])
    expect(DEFAULT_ASK_QUESTIONS).toHaveLength(3)
    expect(page.body).toContain(
      'What is the next problem the team is trying to solve — compliance, secure coding, or infrastructure?',
    )
  })

  it('adds, edits and deletes entries, and rejects empty or long text', async () => {
    const agent = await newUser()
    expect((await agent.submit('/ask', { text: 'How is on-call organised?' }, '/ask')).statusCode).toBe(302)
    const before = counts(suite.ctx.app)
    const empty = await agent.submit('/ask', { text: '  ' }, '/ask')
    expect(empty.statusCode).toBe(400)
    expect(errorsOf(empty)).toContain('Question must not be empty')
    expect((await agent.submit('/ask', { text: 'x'.repeat(501) }, '/ask')).statusCode).toBe(400)
    expect(counts(suite.ctx.app)).toEqual(before)

    const id = suite.ctx.app.db
      .prepare("SELECT id FROM ask_questions WHERE text = 'How is on-call organised?'")
      .pluck()
      .get() as number
    expect(
      (await agent.submit(`/ask/${id}`, { text: 'How is on-call organised and paid?' }, '/ask')).statusCode,
    ).toBe(302)
    const badEdit = await agent.submit(`/ask/${id}`, { text: '' }, '/ask')
    expect(badEdit.statusCode).toBe(400)
    expect(suite.ctx.app.db.prepare('SELECT text FROM ask_questions WHERE id = ?').pluck().get(id)).toBe(
      'How is on-call organised and paid?',
    )
    expect((await agent.submit(`/ask/${id}/delete`, {}, '/ask')).statusCode).toBe(302)
    expect(suite.ctx.app.db.prepare('SELECT count(*) FROM ask_questions WHERE id = ?').pluck().get(id)).toBe(
      0,
    )
  })

  it('picks questions on an interview and notes the answer heard', async () => {
    const { agent, id } = await withInterview()
    const page = await agent.get(`/interviews/${id}`)
    const ids = [...page.body.matchAll(/name="askQuestionId" value="(\d+)"/g)].map((m) => m[1]!)
    expect(ids).toHaveLength(3)

    const none = await agent.submit(`/interviews/${id}/asked`, {}, `/interviews/${id}`)
    expect(none.statusCode).toBe(400)
    expect(none.body).toContain('Questions pick at least one question')

    expect(
      (
        await agent.submit(
          `/interviews/${id}/asked`,
          { askQuestionId: [ids[0]!, ids[2]!] },
          `/interviews/${id}`,
        )
      ).statusCode,
    ).toBe(302)
    // Asking the same one again changes nothing.
    await agent.submit(`/interviews/${id}/asked`, { askQuestionId: ids[0]! }, `/interviews/${id}`)
    const asked = suite.ctx.app.db
      .prepare('SELECT id, text FROM interview_asked WHERE interview_id = ? ORDER BY id')
      .all(id) as { id: number; text: string }[]
    expect(asked.map((a) => a.text)).toEqual([DEFAULT_ASK_QUESTIONS[0], DEFAULT_ASK_QUESTIONS[2]])

    await agent.submit(
      `/asked/${asked[0]!.id}`,
      { answerHeard: 'Cloud misconfiguration, mostly.' },
      `/interviews/${id}`,
    )
    const after = await agent.get(`/interviews/${id}`)
    expect(after.body).toContain('Cloud misconfiguration, mostly.')
    expect([...after.body.matchAll(/name="askQuestionId" value="(\d+)"/g)]).toHaveLength(1)
    const tooLong = await agent.submit(
      `/asked/${asked[0]!.id}`,
      { answerHeard: `kept ${'x'.repeat(5001)}` },
      `/interviews/${id}`,
    )
    expect(tooLong.statusCode).toBe(400)
    expect(errorsOf(tooLong)).toEqual(['What you heard must be at most 5000 characters'])
    expect(tooLong.body).toContain('>kept xxx')
    expect(
      suite.ctx.app.db
        .prepare('SELECT answer_heard FROM interview_asked WHERE id = ?')
        .pluck()
        .get(asked[0]!.id),
    ).toBe('Cloud misconfiguration, mostly.')

    // Editing the bank later leaves what was asked untouched.
    await agent.submit(`/ask/${ids[0]}`, { text: 'Reworded' }, '/ask')
    expect(
      suite.ctx.app.db.prepare('SELECT text FROM interview_asked WHERE id = ?').pluck().get(asked[0]!.id),
    ).toBe(DEFAULT_ASK_QUESTIONS[0])

    expect((await agent.submit(`/asked/${asked[1]!.id}/delete`, {}, `/interviews/${id}`)).statusCode).toBe(
      302,
    )
    expect(
      suite.ctx.app.db.prepare('SELECT count(*) FROM interview_asked WHERE interview_id = ?').pluck().get(id),
    ).toBe(1)
  })
})

describe('lists and dashboard', () => {
  async function seeded(agent: Agent) {
    // Clock: 2026-03-02T15:00Z. Deadlines: soon = 03-03 09:00, later = 03-03 14:00; overdue ended 02-27.
    const on = (company: string, day: string, from: string, to: string) =>
      logInterview(agent, { company, startsAt: `${day}T${from}`, endsAt: `${day}T${to}` })
    const later = await on('Later Inc', '2026-03-02', '13:00', '14:00')
    const soon = await on('Soon Ltd', '2026-03-02', '08:00', '09:00')
    const overdue = await on('Late Co', '2026-02-27', '10:00', '11:00')
    const upcoming = await on('Future Labs', '2026-03-05', '10:00', '11:00')
    const done = await on('Done Corp', '2026-03-01', '10:00', '11:00')
    await agent.submit(`/interviews/${done}/follow-up`, { state: 'done' }, `/interviews/${done}`)
    const rejected = await logInterview(agent, { company: 'Nope AG', outcome: 'rejected' })
    return { later, soon, overdue, upcoming, done, rejected }
  }

  it('shows the four dashboard sections with countdowns and progress', async () => {
    const agent = await newUser()
    const ids = await seeded(agent)
    await addInterviewer(agent, ids.soon, { name: 'One' })
    await addInterviewer(agent, ids.soon, { name: 'Two' })
    await captureQuestion(agent, ids.soon, { confidence: 'missed' })
    await captureQuestion(agent, ids.soon, { confidence: 'nailed' })
    const home = await agent.get('/')
    expect(home.statusCode).toBe(200)
    const body = home.body
    const section = (title: string) =>
      body.slice(body.indexOf(`>${title}</h2>`), body.indexOf('</section>', body.indexOf(`>${title}</h2>`)))
    const needs = section('Needs follow-up')
    expect(needs.indexOf('Soon Ltd')).toBeGreaterThan(-1)
    expect(needs.indexOf('Soon Ltd')).toBeLessThan(needs.indexOf('Later Inc'))
    expect(needs).toContain('18 h left')
    expect(needs).toContain('23 h left')
    expect(needs).toContain('0/1 researched')
    expect(needs).toContain('0/2 thanked')
    expect(needs).toContain(`data-deadline="${Date.parse('2026-03-03T09:00:00Z')}"`)
    expect(section('Overdue')).toContain('Late Co')
    expect(section('Overdue')).toContain('overdue by 2 d 4 h')
    // Urgency by time left: 18 h and 23 h are calm, overdue is red.
    expect(needs.match(/class="countdown (\w+)"/g)).toEqual([
      'class="countdown calm"',
      'class="countdown calm"',
    ])
    expect(section('Overdue')).toContain('class="countdown overdue"')
    expect(section('Upcoming interviews')).toContain('Future Labs')
    expect(section('Recently done')).toContain('Done Corp')
    expect(section('Recently done')).toContain('Nope AG')
    expect(needs).not.toContain('Late Co')
    expect(needs).not.toContain('Done Corp')
  })

  it('filters the interview list by status, company and dates, and paginates', async () => {
    const agent = await newUser()
    await seeded(agent)
    const names = async (query: string) => {
      const response = await agent.get(`/interviews${query}`)
      expect(response.statusCode, query).toBe(200)
      return [...response.body.matchAll(/class="interview-title" href="\/interviews\/\d+">([^<]+) —/g)].map(
        (m) => m[1],
      )
    }
    expect(await names('?status=awaiting_follow_up')).toEqual(['Later Inc', 'Soon Ltd', 'Late Co'])
    expect(await names('?status=overdue')).toEqual(['Late Co'])
    expect(await names('?status=scheduled')).toEqual(['Future Labs'])
    expect(await names('?status=followed_up')).toEqual(['Done Corp'])
    expect(await names('?status=closed')).toEqual(['Nope AG'])
    expect(await names('?company=co')).toEqual(['Done Corp', 'Late Co'])
    expect(await names('?company=%25')).toEqual([])
    expect(await names('?from=2026-03-02&to=2026-03-02')).toEqual(['Later Inc', 'Nope AG', 'Soon Ltd'])
    expect(await names('?status=&company=&from=&to=')).toHaveLength(6)
    expect((await agent.get('/interviews?status=bogus')).statusCode).toBe(400)
    expect((await agent.get('/interviews?from=yesterday')).statusCode).toBe(400)

    for (let i = 0; i < 20; i++)
      await logInterview(agent, {
        company: `Bulk ${String(i).padStart(2, '0')}`,
        startsAt: '2026-01-01T09:00',
        endsAt: '2026-01-01T10:00',
      })
    const first = await agent.get('/interviews')
    expect(first.body).toContain('26 interviews')
    expect(first.body).toContain('Page 1 of 2')
    expect(first.body).toContain('href="/interviews?page=2"')
    expect(await names('?page=2')).toHaveLength(6)
    expect(await names('?company=Bulk&page=2')).toHaveLength(0)
  })
})

describe('escaping', () => {
  const script = '<script>alert(1)</script>'
  const img = '"><img src=x onerror=alert(1)>'

  it('escapes hostile text in every field on every page', async () => {
    const { agent, id } = await withInterview({
      company: script,
      role: img,
      location: `javascript:alert(1) ${img}`,
      notes: script,
    })
    await addInterviewer(agent, id, { name: script, title: img, notes: img, topics: `${script}, x` })
    await captureQuestion(agent, id, { text: `${script} tls`, topics: img })
    const q = suite.ctx.app.db
      .prepare('SELECT id FROM questions WHERE interview_id = ?')
      .pluck()
      .get(id) as number
    await agent.submit(
      `/questions/${q}`,
      {
        text: `${script} tls`,
        confidence: 'missed',
        myAnswer: img,
        researchedAnswer: `${script} resumption`,
        sources: '',
        interviewerId: '',
      },
      `/questions/${q}`,
    )
    await agent.submit('/ask', { text: img }, '/ask')
    const asks = (await agent.get(`/interviews/${id}`)).body.match(/name="askQuestionId" value="(\d+)"/g)!
    const lastAsk = asks.at(-1)!.match(/\d+/)![0]
    await agent.submit(`/interviews/${id}/asked`, { askQuestionId: lastAsk }, `/interviews/${id}`)
    const asked = suite.ctx.app.db
      .prepare('SELECT id FROM interview_asked WHERE interview_id = ?')
      .pluck()
      .get(id) as number
    await agent.submit(`/asked/${asked}`, { answerHeard: script }, `/interviews/${id}`)
    const p = suite.ctx.app.db
      .prepare('SELECT id FROM interviewers WHERE interview_id = ?')
      .pluck()
      .get(id) as number

    const pages = await shownPages(agent, [
      '/',
      '/interviews',
      `/interviews/${id}`,
      `/interviews/${id}/edit`,
      `/interviews/${id}/delete`,
      `/interviewers/${p}/edit`,
      `/questions/${q}`,
      '/questions',
      '/questions?q=resumption',
      '/questions?q=script',
      '/ask',
    ])
    for (const [url, html] of pages) {
      expect(html, url).not.toContain('<script>alert')
      expect(html, url).not.toContain('<img src=x')
      expect(html, url).toMatch(/&lt;script&gt;|&lt;img src=x|&quot;&gt;&lt;img/)
      expect(html, url).not.toContain('href="javascript:')
    }
  })

  it('re-renders rejected hostile input escaped', async () => {
    const agent = await newUser()
    const response = await agent.submit(
      '/interviews',
      interviewForm({ company: img, jobUrl: 'javascript:alert(1)' }),
      '/interviews/new',
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).not.toContain('<img src=x')
    expect(response.body).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"')
    expect(response.body).not.toContain('href="javascript:')
  })
})
