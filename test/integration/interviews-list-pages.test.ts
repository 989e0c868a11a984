import { describe, expect, it } from 'vitest'
import { DEFAULT_ASK_QUESTIONS } from '../../src/db/askQuestions.js'
import type { Agent } from '../helpers/agent.js'
import { interviewPagesSuite } from '../helpers/interviewPages.js'
import { addInterviewer, captureQuestion, counts, errorsOf, logInterview } from '../helpers/interviews.js'

const { suite, withInterview } = interviewPagesSuite()
const { newUser } = suite

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
