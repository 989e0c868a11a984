import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Agent } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { addInterviewer, captureQuestion, errorsOf, logInterview, signUpUser } from '../helpers/interviews.js'

let ctx: Awaited<ReturnType<typeof createTestApp>>
let n = 0
const newUser = () => signUpUser(ctx.app, { email: `guide${++n}@example.com`, name: `User ${n}` })
const state = (id: number) =>
  ctx.app.db.prepare('SELECT follow_up_state FROM interviews WHERE id = ?').pluck().get(id)
const questionIds = (id: number) =>
  ctx.app.db
    .prepare('SELECT id FROM questions WHERE interview_id = ? ORDER BY id')
    .pluck()
    .all(id) as number[]
const interviewerIds = (id: number) =>
  ctx.app.db
    .prepare('SELECT id FROM interviewers WHERE interview_id = ? ORDER BY id')
    .pluck()
    .all(id) as number[]

/** The guide's one primary action: its tag, href and text. */
function nextStepOf(html: string) {
  const match = /<(a|span) class="[^"]*" id="next-step"(?: href="([^"]*)")?[^>]*>([^<]*)<\/\1>/.exec(html)
  if (!match) return null
  return { tag: match[1], href: match[2] ?? null, label: match[3] }
}
const currentStep = (html: string) =>
  /<li class="step step-current" aria-current="step">\s*<span[^>]*>\d<\/span>\s*<span class="step-name">(\w+)/.exec(
    html,
  )?.[1] ?? null

async function research(agent: Agent, questionId: number) {
  const response = await agent.submit(
    `/questions/${questionId}`,
    {
      text: `Question ${questionId}`,
      confidence: 'missed',
      topics: '',
      myAnswer: '',
      researchedAnswer: 'The researched answer.',
      sources: '',
      researched: '1',
      includeInFollowUp: '1',
      interviewerId: '',
    },
    `/questions/${questionId}`,
  )
  expect(response.statusCode).toBe(302)
}

beforeAll(async () => {
  ctx = await createTestApp({ env: { SIGNUP: 'open' } })
})
afterAll(async () => ctx?.close())

describe('the interview page guide', () => {
  it('walks capture → research → send → followed up, with one primary action at a time', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    const page = async () => (await agent.get(`/interviews/${id}`)).body

    let html = await page()
    expect(currentStep(html)).toBe('Capture')
    expect(nextStepOf(html)).toEqual({
      tag: 'a',
      href: '#capture-text',
      label: 'Capture the questions you were asked',
    })
    expect(html).toContain('no questions yet')
    // Ended, nothing captured: the question field takes the focus.
    expect(html).toMatch(/<textarea id="capture-text"[^>]* autofocus/)

    await captureQuestion(agent, id, { text: 'What is a nonce?', confidence: 'nailed' })
    await captureQuestion(agent, id, { text: 'Explain Kerberoasting.', confidence: 'missed' })
    await captureQuestion(agent, id, { text: 'Explain DCSync.', confidence: 'missed' })
    const [, kerberoasting, dcsync] = questionIds(id)
    html = await page()
    expect(currentStep(html)).toBe('Research')
    expect(nextStepOf(html)).toEqual({
      tag: 'a',
      href: `/questions/${kerberoasting}`,
      label: 'Research 2 missed questions',
    })
    expect(html).toContain('3 questions')
    expect(html).toContain('0/2 researched')
    expect(html).not.toMatch(/<textarea id="capture-text"[^>]* autofocus/)

    await research(agent, kerberoasting!)
    html = await page()
    expect(nextStepOf(html)).toEqual({
      tag: 'a',
      href: `/questions/${dcsync}`,
      label: 'Research 1 missed question',
    })
    expect(html).toContain('1/2 researched')

    await research(agent, dcsync!)
    html = await page()
    // All researched but nobody to write to yet: the send step asks for the people.
    expect(currentStep(html)).toBe('Send')
    expect(nextStepOf(html)).toEqual({ tag: 'a', href: '#interviewer-name', label: 'Add the people you met' })

    await addInterviewer(agent, id, { name: 'Dana Smith', email: 'dana@example.com' })
    await addInterviewer(agent, id, { name: 'Sam Lee', email: 'sam@example.com' })
    const [dana, sam] = interviewerIds(id)
    html = await page()
    expect(currentStep(html)).toBe('Send')
    expect(nextStepOf(html)).toEqual({
      tag: 'a',
      href: `/interviews/${id}/drafts#interviewer-${dana}`,
      label: 'Send Dana Smith’s note',
    })
    expect(html).toContain('0/2 notes sent')

    // Dana gets the answer note (the unattributed questions go to the first interviewer) and a thank-you.
    for (const what of ['thankYou', 'answers'])
      await agent.submit(`/interviewers/${dana}/sent`, { what, sent: '1' }, `/interviews/${id}`)
    html = await page()
    expect(nextStepOf(html)?.label).toBe('Send Sam Lee’s note')
    expect(nextStepOf(html)?.href).toBe(`/interviews/${id}/drafts#interviewer-${sam}`)
    expect(html).toContain('1/2 notes sent')

    await agent.submit(`/interviewers/${sam}/sent`, { what: 'thankYou', sent: '1' }, `/interviews/${id}`)
    expect(state(id)).toBe('done')
    html = await page()
    expect(currentStep(html)).toBeNull()
    expect(nextStepOf(html)).toEqual({ tag: 'span', href: null, label: 'Followed up ✓' })
    expect(html).toContain('2/2 notes sent')
  })

  it('asks before marking followed up while work remains, and the server refuses without it', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    await captureQuestion(agent, id, { text: 'Explain SAML.', confidence: 'missed' })
    await captureQuestion(agent, id, { text: 'Explain OIDC.', confidence: 'shaky' })
    await addInterviewer(agent, id, { name: 'Sam' })
    const html = (await agent.get(`/interviews/${id}`)).body
    const remaining = '2 questions are not researched and Sam is not thanked'
    expect(html).toContain(`data-confirm="${remaining} — stop all reminders anyway?"`)
    expect(html).toMatch(/<input type="checkbox" name="confirm" value="1" id="follow-up-confirm" required>/)
    // Secondary: both follow-up buttons are small secondary buttons, never the page's primary.
    expect(html).toMatch(/<button type="submit" class="secondary small">Mark followed up<\/button>/)
    expect(html).toMatch(/<button type="submit" class="secondary small">No follow-up needed<\/button>/)

    expect(state(id)).toBe('open')
    const refused = await agent.submit(`/interviews/${id}/follow-up`, { state: 'done' }, `/interviews/${id}`)
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain(`${remaining}. Tick “Stop reminders anyway”`)
    expect(refused.body).toMatch(/id="follow-up-confirm" required aria-invalid="true"/)
    expect(state(id)).toBe('open')

    const accepted = await agent.submit(
      `/interviews/${id}/follow-up`,
      { state: 'done', confirm: '1' },
      `/interviews/${id}`,
    )
    expect(accepted.statusCode).toBe(302)
    expect(state(id)).toBe('done')
  })

  it('marks followed up without asking when nothing remains', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    await captureQuestion(agent, id, { text: 'Explain CORS.', confidence: 'nailed' })
    const html = (await agent.get(`/interviews/${id}`)).body
    expect(html).not.toContain('id="follow-up-confirm"')
    expect(html).toMatch(/<form [^>]*class="inline follow-up-done">/)
    const response = await agent.submit(`/interviews/${id}/follow-up`, { state: 'done' }, `/interviews/${id}`)
    expect(response.statusCode).toBe(302)
    expect(state(id)).toBe('done')
  })

  it('prepares for the interview before its end and becomes the debrief after it', async () => {
    const agent = await newUser()
    ctx.clock.set('2026-03-02T15:00:00Z')
    const id = await logInterview(agent, { startsAt: '2026-03-02T17:05', endsAt: '2026-03-02T18:00' })
    await captureQuestion(agent, id, { text: 'An early question.', confidence: 'shaky' })
    let html = (await agent.get(`/interviews/${id}`)).body
    expect(html).toContain('Before the interview')
    expect(html).toMatch(/<a class="button join" id="join-link" href="https:\/\/meet.example.com\/abc"/)
    expect(html).toContain('data-starts-left="7500000"')
    expect(html).toContain('data-ends-left="10800000"')
    expect(html).toContain('>Starts in 2 h 5 min</time>')
    expect(html).toContain('Questions you will ask')
    expect(html).not.toContain('id="guide"')
    expect(html).not.toContain('Mark followed up')
    expect(html).not.toContain('No follow-up needed')
    expect(html).not.toContain(`href="/interviews/${id}/drafts"`)
    // Capture stays, without taking the focus from the prep.
    expect(html).toContain('id="capture"')
    expect(html).not.toMatch(/<textarea id="capture-text"[^>]* autofocus/)
    // Prep leads: its card comes before the questions you will ask, both before the capture.
    expect(html.indexOf('id="prep"')).toBeLessThan(html.indexOf('id="ask"'))
    expect(html.indexOf('id="ask"')).toBeLessThan(html.indexOf('id="capture"'))

    // Under way, it is still the prep, saying when it ends.
    ctx.clock.set('2026-03-02T17:25:00Z')
    html = (await agent.get(`/interviews/${id}`)).body
    expect(html).toContain('Before the interview')
    expect(html).toContain('>In progress, ends in 35 min</time>')

    ctx.clock.set('2026-03-02T18:00:00Z')
    html = (await agent.get(`/interviews/${id}`)).body
    expect(html).not.toContain('Before the interview')
    expect(html).toContain('id="guide"')
    expect(nextStepOf(html)?.label).toBe('Research 1 shaky question')
    expect(html).toContain('Mark followed up')
    expect(html).toContain(`href="/interviews/${id}/drafts"`)
    expect(html.indexOf('id="capture"')).toBeLessThan(html.indexOf('id="ask"'))
    ctx.clock.set('2026-03-02T15:00:00Z')
  })
})

describe('quick capture without a page load', () => {
  const postJson = (agent: Agent, id: number, fields: Record<string, string>, token: string) =>
    agent.request({
      method: 'POST',
      url: `/interviews/${id}/questions`,
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    })

  it('answers a script with the rendered item, the guide and the count', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    const token = await agent.csrf(`/interviews/${id}`)
    const first = await postJson(
      agent,
      id,
      { text: 'What is <SSRF>?', confidence: 'missed', topics: 'web' },
      token,
    )
    expect(first.statusCode).toBe(200)
    const saved = first.json()
    const [questionId] = questionIds(id)
    expect(saved).toMatchObject({ count: 1, message: 'Question saved (1).', progress: '(0/1 researched)' })
    expect(saved.item).toContain(`<li id="question-${questionId}">`)
    expect(saved.item).toContain('What is &lt;SSRF&gt;?')
    expect(saved.item).toContain(`href="/questions/${questionId}"`)
    expect(nextStepOf(saved.guide)?.label).toBe('Research 1 missed question')
    expect(saved.guide).toContain('1 question')

    const second = (
      await postJson(agent, id, { text: 'And XXE?', confidence: 'shaky', topics: '' }, token)
    ).json()
    expect(second).toMatchObject({ count: 2, message: 'Question saved (2).' })
    expect(nextStepOf(second.guide)?.label).toBe('Research 2 missed and shaky questions')
    // The page renders the very same item markup.
    const page = (await agent.get(`/interviews/${id}`)).body
    expect(page).toContain(saved.item.trim())
  })

  it('refuses a blank question with the same message as the form post', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    const token = await agent.csrf(`/interviews/${id}`)
    const refused = await postJson(agent, id, { text: '   ', confidence: 'missed', topics: '' }, token)
    expect(refused.statusCode).toBe(400)
    const errors = refused.json().errors as Record<string, string>
    expect(Object.keys(errors)).toEqual(['capture-text'])
    const plain = await agent.submit(
      `/interviews/${id}/questions`,
      { text: '   ', confidence: 'missed', topics: '' },
      `/interviews/${id}`,
    )
    expect(plain.statusCode).toBe(400)
    expect(errorsOf(plain)).toEqual([errors['capture-text']])
    expect(questionIds(id)).toEqual([])
  })

  it('refuses a script without the CSRF token', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    const refused = await postJson(agent, id, { text: 'A question', confidence: 'missed' }, 'forged')
    expect(refused.statusCode).toBe(403)
    expect(questionIds(id)).toEqual([])
  })

  it('without a script, redirects back to the capture with focus in the question field', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    const response = await agent.submit(
      `/interviews/${id}/questions`,
      { text: 'First', confidence: 'missed', topics: '' },
      `/interviews/${id}`,
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(`/interviews/${id}#capture`)
    const page = (await agent.get(`/interviews/${id}`)).body
    expect(page).toMatch(
      /id="flash" data-focus="capture-text">Question saved \(1\)\. Capture the next one\.</,
    )
  })
})

describe('adding interviewers', () => {
  it('comes back with the form open, its first field focused and "Add another interviewer"', async () => {
    const agent = await newUser()
    const id = await logInterview(agent)
    let page = (await agent.get(`/interviews/${id}`)).body
    expect(page).toMatch(/<details id="add-interviewer" open>\s*<summary>Add an interviewer<\/summary>/)

    const response = await agent.submit(
      `/interviews/${id}/interviewers`,
      { name: 'Dana', title: '', email: '', topics: '', notes: '' },
      `/interviews/${id}`,
    )
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe(`/interviews/${id}#add-interviewer`)
    page = (await agent.get(`/interviews/${id}`)).body
    expect(page).toMatch(/<details id="add-interviewer" open>\s*<summary>Add another interviewer<\/summary>/)
    expect(page).toMatch(
      /id="flash" data-focus="interviewer-name">Added Dana\. Add another, or capture the questions\.</,
    )

    // On a later visit (no flash) the form with people already in it stays closed.
    page = (await agent.get(`/interviews/${id}`)).body
    expect(page).toMatch(/<details id="add-interviewer">\s*<summary>Add another interviewer<\/summary>/)
  })
})
