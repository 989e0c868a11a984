import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Agent, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import {
  type Debrief,
  interviewerState,
  interviewState,
  remindersOf,
  seedDebrief,
  userIdOf,
} from '../helpers/draftFixtures.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const SEED = {
  company: 'Initech',
  role: 'Platform Engineer',
  interviewers: [
    { name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com', topics: ['compilers'] },
    { name: 'Alan Turing', title: 'Researcher', email: 'alan@example.com' },
  ],
  questions: [
    {
      by: 0,
      text: 'How does a B-tree stay balanced?',
      answer: 'Nodes split and merge.',
      sources: ['https://en.wikipedia.org/wiki/B-tree'],
    },
    { by: 1, text: 'Explain Raft leader election', confidence: 'missed' as const },
  ],
  asked: [{ text: 'How do you deploy?', answer: 'Continuously' }],
}

/** The draft ids on the page, by interviewer name and kind. */
function draftIds(html: string): Record<string, number> {
  const ids: Record<string, number> = {}
  const sections = html.split('<section class="card" id="interviewer-').slice(1)
  for (const section of sections) {
    const name = /<h2[^>]*>([^<]+)/.exec(section)![1]!.trim()
    for (const m of section.matchAll(/<article class="draft" id="draft-(\d+)" data-kind="(\w+)"/g)) {
      ids[`${name}:${m[2]}`] = Number(m[1])
    }
  }
  return ids
}

describe('drafts pages', () => {
  let ctx: Ctx
  let agent: Agent
  let seed: Debrief
  const page = () => `/interviews/${seed.interviewId}/drafts`

  beforeEach(async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
    seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), SEED)
  })
  afterEach(async () => ctx?.close())

  it('shows a thank-you per interviewer, answer notes where due, and the checks beside them', async () => {
    const response = await agent.get(page())
    expect(response.statusCode).toBe(200)
    const ids = draftIds(response.body)
    expect(Object.keys(ids).sort()).toEqual([
      'Alan Turing:thank_you',
      'Grace Hopper:answers',
      'Grace Hopper:combined',
      'Grace Hopper:thank_you',
    ])
    expect(response.body).toContain('Hi Grace,')
    expect(response.body).toContain('Nodes split and merge.')
    expect(response.body).toContain('Ada Lovelace\n</textarea>')
    // Alan asked a question that is not researched yet: flagged, and no answer note for him.
    expect(response.body).toMatch(/data-check="unresearched">[^<]*Explain Raft leader election/)
    expect(response.body).toContain('Awaiting follow-up')
    expect(response.body).toContain('data-copy="#body-')
    expect(response.body).toMatch(/href="mailto:grace@example.com\?subject=[^"]+&amp;body=/)
  })

  it('keeps edits, and regenerates over them only after a confirmation step', async () => {
    await agent.get(page())
    const id = draftIds(agent.lastHtml)['Grace Hopper:thank_you']!
    const saved = await agent.submit(
      `/drafts/${id}`,
      { subject: 'My own subject', body: 'My own words & more\n' },
      page(),
    )
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`${page()}#draft-${id}`)
    let html = (await agent.get(page())).body
    expect(html).toContain('My own words &amp; more')
    expect(html).toContain('value="My own subject"')
    expect(html).toContain('Edited draft')

    // Asking to regenerate shows a confirmation page and changes nothing yet.
    const ask = await agent.submit(`/drafts/${id}/regenerate`, { tone: 'formal' }, page())
    expect(ask.statusCode).toBe(200)
    expect(ask.body).toContain('Replace your edits?')
    expect(ask.body).toContain('name="confirm" value="yes"')
    html = (await agent.get(page())).body
    expect(html).toContain('My own words &amp; more')

    // The confirm form posts confirm=yes.
    const token = await agent.csrf(page())
    const confirmed = await agent.submit(`/drafts/${id}/regenerate`, {
      tone: 'formal',
      confirm: 'yes',
      _csrf: token,
    })
    expect(confirmed.statusCode).toBe(303)
    html = (await agent.get(page())).body
    expect(html).not.toContain('My own words')
    expect(html).toContain('Dear Grace Hopper,')
  })

  it('regenerates an unedited draft in another tone without asking', async () => {
    await agent.get(page())
    const id = draftIds(agent.lastHtml)['Alan Turing:thank_you']!
    const response = await agent.submit(`/drafts/${id}/regenerate`, { tone: 'brief' }, page())
    expect(response.statusCode).toBe(303)
    const html = (await agent.get(page())).body
    expect(html).toContain('Draft regenerated in the brief tone.')
    expect(html).toMatch(/<option value="brief" selected>/)
  })

  it('re-renders the form with the field named when an edit is invalid', async () => {
    await agent.get(page())
    const id = draftIds(agent.lastHtml)['Grace Hopper:thank_you']!
    const response = await agent.submit(`/drafts/${id}`, { subject: '', body: 'Still here' }, page())
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Subject must not be empty')
    expect(response.body).toContain('Still here</textarea>')
  })

  it('marking the last note sent completes the follow-up and cancels reminders; un-marking re-plans them', async () => {
    const pending = remindersOf(ctx.app, seed.interviewId)
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.every((r) => r.state === 'pending')).toBe(true)

    await agent.get(page())
    const ids = draftIds(agent.lastHtml)
    // Grace gets the combined note (covers both), Alan his thank-you.
    expect(
      (await agent.submit(`/drafts/${ids['Grace Hopper:combined']}/mark-sent`, {}, page())).statusCode,
    ).toBe(303)
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!)).toEqual({
      thank_you_sent_at: ctx.clock.now(),
      answers_sent_at: ctx.clock.now(),
    })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')

    ctx.clock.advance(60_000)
    await agent.submit(`/drafts/${ids['Alan Turing:thank_you']}/mark-sent`, {}, page())
    expect(interviewState(ctx.app, seed.interviewId)).toEqual({
      follow_up_state: 'done',
      follow_up_done_at: ctx.clock.now(),
    })
    expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)
    const html = (await agent.get(page())).body
    expect(html).toContain('Followed up')
    expect(html).toContain('reminders for this interview have stopped')

    await agent.submit(`/drafts/${ids['Alan Turing:thank_you']}/unmark`, {}, page())
    expect(interviewState(ctx.app, seed.interviewId)).toEqual({
      follow_up_state: 'open',
      follow_up_done_at: null,
    })
    expect(interviewerState(ctx.app, seed.interviewerIds[1]!).thank_you_sent_at).toBeNull()
    // Reminders still ahead are planned again at their old times.
    const replanned = remindersOf(ctx.app, seed.interviewId)
    const now = ctx.clock.now()
    expect(replanned.map((r) => r.due_at)).toEqual(pending.map((r) => r.due_at))
    const ahead = replanned.filter((r) => r.due_at > now)
    expect(ahead.length).toBeGreaterThan(0)
    expect(ahead.every((r) => r.state === 'pending')).toBe(true)
  })

  it('does not complete while a due answer note is unsent', async () => {
    await agent.get(page())
    const ids = draftIds(agent.lastHtml)
    await agent.submit(`/drafts/${ids['Grace Hopper:thank_you']}/mark-sent`, {}, page())
    await agent.submit(`/drafts/${ids['Alan Turing:thank_you']}/mark-sent`, {}, page())
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
    await agent.submit(`/drafts/${ids['Grace Hopper:answers']}/mark-sent`, {}, page())
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
    // A sent note cannot be edited or marked twice.
    const again = await agent.submit(`/drafts/${ids['Grace Hopper:answers']}/mark-sent`, {}, page())
    expect(again.statusCode).toBe(303)
    expect((await agent.get(page())).body).toContain('already recorded as sent')
  })

  describe('one follow-up rule for the interview page and the drafts page', () => {
    /** Everything the rule decides for an interview, comparable across two interviews. */
    const snapshot = (debrief: Debrief) => ({
      interview: interviewState(ctx.app, debrief.interviewId),
      interviewers: debrief.interviewerIds.map((id) => interviewerState(ctx.app, id)),
      reminders: remindersOf(ctx.app, debrief.interviewId).map(({ kind, lead, state, due_at }) => ({
        kind,
        lead,
        state,
        due_at,
      })),
    })
    const markOnInterviewPage = (debrief: Debrief, who: number, what: 'thankYou' | 'answers', sent = '1') =>
      agent.submit(
        `/interviewers/${debrief.interviewerIds[who]}/sent`,
        { what, sent },
        `/interviews/${debrief.interviewId}`,
      )
    const draftsOf = async (debrief: Debrief) => {
      await agent.get(`/interviews/${debrief.interviewId}/drafts`)
      return draftIds(agent.lastHtml)
    }
    const onDraftsPage = (debrief: Debrief, draftId: number | undefined, action: 'mark-sent' | 'unmark') =>
      agent.submit(`/drafts/${draftId}/${action}`, {}, `/interviews/${debrief.interviewId}/drafts`)

    it('marking and un-marking through either page leads to the same state', async () => {
      // Alan asked an included question that is not researched: under the drafts' rule it
      // owes no answer note, and now the interview page agrees.
      const viaInterview = seed
      const viaDrafts = seedDebrief(ctx.app, seed.userId, SEED)
      const ids = await draftsOf(viaDrafts)
      const same = () => {
        const left = snapshot(viaInterview)
        expect(snapshot(viaDrafts)).toEqual(left)
        return left
      }

      await markOnInterviewPage(viaInterview, 0, 'thankYou')
      await onDraftsPage(viaDrafts, ids['Grace Hopper:thank_you'], 'mark-sent')
      expect(same().interview.follow_up_state).toBe('open')

      await markOnInterviewPage(viaInterview, 1, 'thankYou')
      await onDraftsPage(viaDrafts, ids['Alan Turing:thank_you'], 'mark-sent')
      // Grace's answer note is still due.
      expect(same().interview.follow_up_state).toBe('open')

      ctx.clock.advance(60_000)
      await markOnInterviewPage(viaInterview, 0, 'answers')
      await onDraftsPage(viaDrafts, ids['Grace Hopper:answers'], 'mark-sent')
      const done = same()
      expect(done.interview).toEqual({ follow_up_state: 'done', follow_up_done_at: ctx.clock.now() })
      expect(done.reminders.length).toBeGreaterThan(0)
      expect(done.reminders.every((r) => r.state === 'cancelled')).toBe(true)

      ctx.clock.advance(60_000)
      await markOnInterviewPage(viaInterview, 1, 'thankYou', '0')
      await onDraftsPage(viaDrafts, ids['Alan Turing:thank_you'], 'unmark')
      const reopened = same()
      expect(reopened.interview).toEqual({ follow_up_state: 'open', follow_up_done_at: null })
      expect(reopened.interviewers[1]!.thank_you_sent_at).toBeNull()
      const ahead = reopened.reminders.filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.length).toBeGreaterThan(0)
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
    })

    it("each page's un-mark reopens a follow-up the other page completed", async () => {
      const ids = await draftsOf(seed)
      await onDraftsPage(seed, ids['Grace Hopper:combined'], 'mark-sent')
      await markOnInterviewPage(seed, 1, 'thankYou')
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
      expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)

      // Completed partly through the drafts page, reopened through the interview page.
      await markOnInterviewPage(seed, 0, 'thankYou', '0')
      expect(snapshot(seed).interview).toEqual({ follow_up_state: 'open', follow_up_done_at: null })
      let ahead = remindersOf(ctx.app, seed.interviewId).filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.length).toBeGreaterThan(0)
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
      const page = (await agent.get(`/interviews/${seed.interviewId}`)).body
      expect(page).toContain('1/2 thanked')

      // Completed through the interview page, reopened through the drafts page.
      ctx.clock.advance(60_000)
      await markOnInterviewPage(seed, 0, 'thankYou')
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
      await onDraftsPage(seed, ids['Grace Hopper:combined'], 'unmark')
      // The thank-you was recorded by hand after the note, so it stays; the answers do not.
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!)).toMatchObject({ answers_sent_at: null })
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!).thank_you_sent_at).not.toBeNull()
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
      ahead = remindersOf(ctx.app, seed.interviewId).filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
    })
  })

  it('downloads an .eml and refuses forms without a CSRF token', async () => {
    await agent.get(page())
    const id = draftIds(agent.lastHtml)['Grace Hopper:thank_you']!
    const eml = await agent.get(`/drafts/${id}.eml`)
    expect(eml.statusCode).toBe(200)
    expect(eml.headers['content-type']).toContain('message/rfc822')
    expect(eml.headers['content-disposition']).toBe('attachment; filename="thank-you-grace-hopper.eml"')
    expect(eml.body).toMatch(/^To: Grace Hopper <grace@example.com>$/m)
    expect((await agent.get(`/drafts/${id}/eml`)).statusCode).toBe(200)

    const forged = await agent.request({
      method: 'POST',
      url: `/drafts/${id}/mark-sent`,
      payload: '',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(forged.statusCode).toBe(403)
  })

  it("answers 404 for another user's drafts and interviews", async () => {
    await agent.get(page())
    const id = draftIds(agent.lastHtml)['Grace Hopper:thank_you']!
    const mallory = await signUp(ctx.app, { email: 'mallory@example.com', name: 'Mallory' })
    expect((await mallory.get(page())).statusCode).toBe(404)
    expect((await mallory.get(`/drafts/${id}.eml`)).statusCode).toBe(404)
    const token = await mallory.csrf('/settings')
    for (const action of ['mark-sent', 'unmark', 'send']) {
      expect((await mallory.submit(`/drafts/${id}/${action}`, { _csrf: token })).statusCode).toBe(404)
    }
    expect(
      (await mallory.submit(`/drafts/${id}`, { subject: 'x', body: 'y', _csrf: token })).statusCode,
    ).toBe(404)
    expect(
      (await mallory.submit(`/drafts/${id}/regenerate`, { tone: 'warm', confirm: 'yes', _csrf: token }))
        .statusCode,
    ).toBe(404)
    expect((await agent.get(page())).body).not.toContain('Mallory')
    expect((await mallory.get('/drafts/abc.eml')).statusCode).toBe(400)
  })

  it('says when a note is too long for a mail link', async () => {
    const long = seedDebrief(ctx.app, seed.userId, {
      interviewers: [{ name: 'Linus', email: 'linus@example.com' }],
      questions: [{ by: 0, text: 'Explain everything', answer: 'word '.repeat(600) }],
    })
    const html = (await agent.get(`/interviews/${long.interviewId}/drafts`)).body
    expect(html).toContain('data-mailto="too-long"')
    expect(html).toContain('Open in mail program (subject only)')
  })
})
