import { describe, expect, it } from 'vitest'
import type { Agent } from '../helpers/agent.js'
import { counts, errorsOf, interviewForm } from '../helpers/interviews.js'
import { openSignupSuite } from '../helpers/openSignupSuite.js'

// The one form that logs an interview you just had: presets, the duration control, the zone
// picker and the interviewer rows, end to end through the real app on a real SQLite file.

const suite = openSignupSuite('form')
const { newUser } = suite
const interviewRow = (id: number) =>
  suite.ctx.app.db.prepare('SELECT * FROM interviews WHERE id = ?').get(id) as Record<string, unknown>
const peopleOf = (id: number) =>
  suite.ctx.app.db
    .prepare('SELECT name, title, email FROM interviewers WHERE interview_id = ? ORDER BY id')
    .all(id) as { name: string; title: string; email: string }[]
const idFrom = (location: unknown) => Number(/^\/interviews\/(\d+)$/.exec(String(location))?.[1])
/** The value of the input with this id on a page, or undefined when there is no such input. */
const inputValue = (html: string, id: string) =>
  new RegExp(`<input id="${id}"[^>]* value="([^"]*)"`).exec(html)?.[1]
const selected = (html: string, id: string) => {
  const select = new RegExp(`<select id="${id}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? ''
  return /<option value="([^"]*)" selected>/.exec(select)?.[1]
}
const rowCount = (html: string) =>
  [...html.replace(/<template[\s\S]*?<\/template>/, '').matchAll(/data-interviewer-row>/g)].length

/** The interviewer fields as the form posts them, one array a column, from rows of name, title and email. */
function interviewerRows(...rows: [name: string, title: string, email: string][]): Record<string, string[]> {
  return {
    interviewerName: rows.map((row) => row[0]),
    interviewerTitle: rows.map((row) => row[1]),
    interviewerEmail: rows.map((row) => row[2]),
  }
}

/** What the form posts when the user types only company, role and interviewers ("Just finished"). */
function justFinished(extra: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    company: 'Acme',
    role: 'Security Analyst',
    kind: 'technical',
    outcome: 'pending',
    startsAt: '2026-03-02T09:00',
    durationMinutes: '60',
    endsAt: '',
    timeZone: 'America/New_York',
    location: '',
    jobUrl: '',
    notes: '',
    ...interviewerRows(['', '', ''], ['', '', '']),
    ...extra,
  }
}

/** Posts the new-interview form, as from its page, with the just-finished fields and these over them. */
const submitNew = (agent: Agent, extra: Record<string, string | string[]>) =>
  agent.submit('/interviews', justFinished(extra), '/interviews/new')

describe('the new-interview form', () => {
  it('opens as "Just finished": ends now, started 60 minutes ago, in the profile zone', async () => {
    const agent = await newUser('America/New_York')
    suite.ctx.clock.set('2026-03-02T15:42:31Z')
    const form = await agent.get('/interviews/new')
    expect(form.statusCode).toBe(200)
    // 15:42 UTC is 10:42 in New York (EST); an hour before, rounded down to the minute.
    expect(inputValue(form.body, 'f-startsAt')).toBe('2026-03-02T09:42')
    // Ready in the end field, should "Other end time…" be chosen.
    expect(inputValue(form.body, 'f-endsAt')).toBe('2026-03-02T10:42')
    expect(selected(form.body, 'f-durationMinutes')).toBe('60')
    expect(selected(form.body, 'f-timeZone')).toBe('America/New_York')
    expect(form.body).toMatch(/<input id="f-company"[^>]* autofocus/)
    expect(form.body).toMatch(/data-preset="just-finished"[^>]*aria-current="true"/)
    expect(rowCount(form.body)).toBe(2)
    // The picker shows friendly labels over IANA values, the user's zone first.
    expect(form.body).toMatch(
      /<optgroup label="Your time zone">\s*<option value="America\/New_York" selected>New York \(Eastern Time, UTC−5\)<\/option>/,
    )
    expect(form.body).toContain(
      '<option value="Europe/Berlin">Berlin (Central European Time, UTC+1)</option>',
    )
  })

  it('opens as "Scheduled" at the next full hour on the zone clock', async () => {
    const agent = await newUser('Asia/Kolkata')
    suite.ctx.clock.set('2026-03-02T15:42:31Z') // 21:12 in India (UTC+5:30)
    const form = await agent.get('/interviews/new?when=scheduled')
    expect(inputValue(form.body, 'f-startsAt')).toBe('2026-03-02T22:00')
    expect(inputValue(form.body, 'f-endsAt')).toBe('2026-03-02T23:00')
    expect(selected(form.body, 'f-durationMinutes')).toBe('60')
    expect(form.body).toMatch(/data-preset="scheduled"[^>]*aria-current="true"/)
  })

  it('logs the just-finished interview with its defaults, an hour ending at the start + 60 min', async () => {
    const agent = await newUser('America/New_York')
    suite.ctx.clock.set('2026-03-02T15:42:31Z')
    const form = await agent.get('/interviews/new')
    const response = await submitNew(agent, { startsAt: inputValue(form.body, 'f-startsAt')! })
    expect(response.statusCode).toBe(302)
    expect(interviewRow(idFrom(response.headers.location))).toMatchObject({
      starts_at: Date.parse('2026-03-02T14:42:00Z'),
      ends_at: Date.parse('2026-03-02T15:42:00Z'),
      time_zone: 'America/New_York',
    })
  })

  it('creates the interview and two interviewers in one POST, leaving the empty row out', async () => {
    const agent = await newUser('America/New_York')
    const before = counts(suite.ctx.app)
    const response = await submitNew(
      agent,
      interviewerRows(
        ['Dana Smith', 'SOC Lead', 'dana@acme.example'],
        ['', '', ''],
        ['Lee Park', '', 'lee@acme.example'],
      ),
    )
    expect(response.statusCode, errorsOf(response).join(' | ')).toBe(302)
    const id = idFrom(response.headers.location)
    expect(peopleOf(id)).toEqual([
      { name: 'Dana Smith', title: 'SOC Lead', email: 'dana@acme.example' },
      { name: 'Lee Park', title: '', email: 'lee@acme.example' },
    ])
    expect(counts(suite.ctx.app)).toMatchObject({
      interviews: before.interviews + 1,
      interviewers: before.interviewers + 2,
    })
    const page = await agent.get(`/interviews/${id}`)
    expect(page.body).toContain(
      'Logged Acme — Security Analyst with 2 interviewers. Now capture the questions.',
    )
  })

  it('reports every wrong field at once, each beside its field, keeps the input and stores nothing', async () => {
    const agent = await newUser()
    const before = counts(suite.ctx.app)
    const response = await submitNew(agent, {
      company: '',
      jobUrl: 'javascript:alert(1)',
      startsAt: 'yesterday',
      timeZone: 'Mars/Base',
      notes: 'keep me',
      ...interviewerRows(['Dana Smith', 'SOC Lead', 'dana@@acme'], ['', 'Recruiter', '']),
    })
    expect(response.statusCode).toBe(400)
    const errors = errorsOf(response)
    expect(errors).toEqual(
      expect.arrayContaining([
        'Company must not be empty',
        expect.stringMatching(/^Job posting URL must start with http/),
        expect.stringMatching(/^Starts must be a date and time/),
        expect.stringMatching(/^Time zone “Mars\/Base” is not a time zone Debrief knows/),
        expect.stringMatching(/^Email /),
        'Name must not be empty',
      ]),
    )
    expect(errors).toHaveLength(6)
    // Each row's message sits beside that row's field.
    expect(response.body).toMatch(/id="f-interviewer-1-email"[^>]*aria-invalid="true"/)
    expect(response.body).toMatch(/<p id="f-interviewer-1-email-error" class="error" role="alert">Email /)
    expect(response.body).toContain(
      '<p id="f-interviewer-2-name-error" class="error" role="alert">Name must not be empty</p>',
    )
    expect(response.body).toContain('Please correct the 6 fields marked below.')
    // The input is kept, including every row and the refused zone.
    expect(response.body).toContain('keep me')
    expect(inputValue(response.body, 'f-interviewer-1-name')).toBe('Dana Smith')
    expect(inputValue(response.body, 'f-interviewer-2-title')).toBe('Recruiter')
    expect(inputValue(response.body, 'f-startsAt')).toBe('yesterday')
    expect(selected(response.body, 'f-timeZone')).toBe('Mars/Base')
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it.each([
    ['US/Eastern', 'America/New_York'],
    ['EST5EDT', 'America/New_York'],
    ['us/pacific', 'America/Los_Angeles'],
    ['GMT', 'UTC'],
  ])('accepts the alias %s and stores %s', async (alias, canonical) => {
    const agent = await newUser()
    const response = await submitNew(agent, { timeZone: alias })
    expect(response.statusCode, errorsOf(response).join(' | ')).toBe(302)
    expect(interviewRow(idFrom(response.headers.location)).time_zone).toBe(canonical)
  })

  it.each([
    ['Mars/Base', /^Time zone “Mars\/Base” is not a time zone Debrief knows/],
    ['EST5', /^Time zone “EST5” is an abbreviation, not a place/],
    ['', /^Time zone must not be empty/],
  ])('refuses the zone "%s" with a message beside the field', async (zone, message) => {
    const agent = await newUser()
    const before = counts(suite.ctx.app)
    const response = await submitNew(agent, { timeZone: zone })
    expect(response.statusCode).toBe(400)
    expect(errorsOf(response)).toEqual([expect.stringMatching(message)])
    expect(response.body).toMatch(/<select id="f-timeZone"[^>]*aria-invalid="true"/)
    expect(response.body).toMatch(/<p id="f-timeZone-error" class="error" role="alert">Time zone /)
    expect(counts(suite.ctx.app)).toEqual(before)
  })

  it('adds another row without a script: the same form again, one row more, input kept, nothing stored', async () => {
    const agent = await newUser()
    const before = counts(suite.ctx.app)
    const response = await submitNew(agent, {
      company: 'Initech',
      ...interviewerRows(['Dana Smith', 'SOC Lead', ''], ['Lee Park', '', '']),
      addInterviewer: '1',
    })
    expect(response.statusCode).toBe(200)
    expect(rowCount(response.body)).toBe(3)
    expect(errorsOf(response)).toEqual([])
    expect(inputValue(response.body, 'f-company')).toBe('Initech')
    expect(inputValue(response.body, 'f-interviewer-2-name')).toBe('Lee Park')
    expect(inputValue(response.body, 'f-interviewer-3-name')).toBe('')
    expect(counts(suite.ctx.app)).toEqual(before)

    // Submitting that form (three rows, the last one empty) logs both people.
    const logged = await agent.submit(
      '/interviews',
      justFinished({
        company: 'Initech',
        ...interviewerRows(['Dana Smith', 'SOC Lead', ''], ['Lee Park', '', ''], ['', '', '']),
      }),
    )
    expect(logged.statusCode).toBe(302)
    expect(peopleOf(idFrom(logged.headers.location)).map((p) => p.name)).toEqual(['Dana Smith', 'Lee Park'])
  })

  it('takes "Other end time…" from the end field, and a duration over a stale end', async () => {
    const agent = await newUser()
    const byEnd = await submitNew(agent, { durationMinutes: 'other', endsAt: '2026-03-02T09:35' })
    expect(interviewRow(idFrom(byEnd.headers.location)).ends_at).toBe(Date.parse('2026-03-02T14:35:00Z'))
    const byLength = await submitNew(agent, { durationMinutes: '90', endsAt: '2026-03-02T09:35' })
    expect(interviewRow(idFrom(byLength.headers.location)).ends_at).toBe(Date.parse('2026-03-02T15:30:00Z'))
  })

  it('edits with the length as the duration, and no interviewer rows', async () => {
    const agent = await newUser()
    const created = await submitNew(agent, { durationMinutes: 'other', endsAt: '2026-03-02T10:15' })
    const id = idFrom(created.headers.location)
    const edit = await agent.get(`/interviews/${id}/edit`)
    expect(selected(edit.body, 'f-durationMinutes')).toBe('75')
    expect(edit.body).toContain('<option value="75" selected>1 h 15 min</option>')
    expect(rowCount(edit.body)).toBe(0)
    expect(edit.body).not.toContain('data-preset=')
    expect(edit.body).not.toMatch(/<input id="f-company"[^>]* autofocus/)
  })

  it('still logs from the older field shapes (an end and a blank duration)', async () => {
    const agent = await newUser()
    const response = await agent.submit('/interviews', interviewForm(), '/interviews/new')
    expect(response.statusCode).toBe(302)
    expect(peopleOf(idFrom(response.headers.location))).toEqual([])
    const page = await agent.get(String(response.headers.location))
    expect(page.body).toContain('Logged Acme Corp — Security Engineer. Now capture the questions.')
  })
})
