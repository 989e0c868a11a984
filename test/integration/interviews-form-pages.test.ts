import { describe, expect, it } from 'vitest'
import { interviewPagesSuite } from '../helpers/interviewPages.js'
import {
  addInterviewer,
  captureQuestion,
  counts,
  errorsOf,
  expectFormError,
  interviewForm,
  logInterview,
} from '../helpers/interviews.js'
import { shownPages } from '../helpers/shownPages.js'

const { suite, row, withInterview } = interviewPagesSuite()
const { newUser } = suite

describe('interview pages', () => {
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
