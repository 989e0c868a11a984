import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Agent, decodeHtml, signUp } from '../helpers/agent.js'
import { adasDesk, type Desk } from '../helpers/draftDesk.js'
import { interviewerState, interviewState, remindersOf, seedDebrief } from '../helpers/draftFixtures.js'

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

interface NoteForm {
  /** null while the note is not stored. */
  id: number | null
  /** Where its one form posts. */
  action: string
  subject: string
  body: string
}

/** The notes on the page, by interviewer name and kind, with their forms as the browser would post them. */
function notesOn(html: string): Record<string, NoteForm> {
  const notes: Record<string, NoteForm> = {}
  const sections = html.split('<section class="card" id="interviewer-').slice(1)
  for (const section of sections) {
    const name = /<h2[^>]*>([^<]+)/.exec(section)![1]!.trim()
    for (const article of section.split('<article class="draft" id="draft-').slice(1)) {
      const [, key, kind] = /^([\w-]+)" data-kind="(\w+)"/.exec(article)!
      const action = /<form method="post" action="([^"]+)" novalidate data-draft-editor id="editor-/.exec(
        article,
      )?.[1]
      notes[`${name}:${kind}`] = {
        id: /^\d+$/.test(key!) ? Number(key) : null,
        action: action ?? `/drafts/${key}`,
        subject: decodeHtml(/name="subject" type="text" value="([^"]*)"/.exec(article)?.[1] ?? ''),
        body: decodeHtml(/name="body"[^>]*>([^<]*)<\/textarea>/.exec(article)?.[1] ?? ''),
      }
    }
  }
  return notes
}

/** The draft ids on the page, by interviewer name and kind (stored notes only). */
function draftIds(html: string): Record<string, number> {
  const ids: Record<string, number> = {}
  for (const [key, note] of Object.entries(notesOn(html))) if (note.id !== null) ids[key] = note.id
  return ids
}

describe('drafts pages', () => {
  let ctx: Desk['ctx']
  let agent: Agent
  let seed: Desk['seed']
  const page = (debrief = seed) => `/interviews/${debrief.interviewId}/drafts`
  const plan = (who: number, choice: 'one' | 'two', debrief = seed) =>
    agent.submit(
      `/interviews/${debrief.interviewId}/interviewers/${debrief.interviewerIds[who]}/plan`,
      { plan: choice },
      page(debrief),
    )
  const notes = async (debrief = seed) => notesOn((await agent.get(page(debrief))).body)
  /** Presses one of the note's buttons with the text as it stands in its editor (or as given). */
  const press = (note: NoteForm, action: string, fields: Record<string, string> = {}, debrief = seed) =>
    agent.submit(note.action, { action, subject: note.subject, body: note.body, ...fields }, page(debrief))
  const storedCount = () => ctx.app.db.prepare('SELECT count(*) FROM drafts').pluck().get()

  beforeEach(async () => {
    ;({ ctx, agent, seed } = await adasDesk(SEED, { env: { SIGNUP: 'open' } }))
  })
  afterEach(async () => ctx?.close())

  it('offers one combined e-mail where both are owed, two on request, with the checks, and stores nothing on reading', async () => {
    const first = await agent.get(page())
    expect(first.statusCode).toBe(200)
    // Nothing waits on "one e-mail or two?": the combined note is there at once.
    expect(Object.keys(notesOn(first.body)).sort()).toEqual([
      'Alan Turing:thank_you',
      'Grace Hopper:combined',
    ])
    expect(first.body).not.toContain('one e-mail or two?')
    expect(first.body).toContain('Send as two e-mails instead')
    expect(first.body).toMatch(/Grace Hopper<\/a>:\s*thank-you owed \/ answers owed/)
    expect(first.body).toContain('0/2 notes sent')
    expect(storedCount()).toBe(0)

    expect((await plan(0, 'two')).statusCode).toBe(303)
    const response = await agent.get(page())
    expect(Object.keys(notesOn(response.body)).sort()).toEqual([
      'Alan Turing:thank_you',
      'Grace Hopper:answers',
      'Grace Hopper:thank_you',
    ])
    expect(response.body).toContain('Send as one e-mail instead')
    expect(response.body).toContain('Hi Grace,')
    expect(response.body).toContain('Nodes split and merge.')
    expect(response.body).toContain('Ada Lovelace\n</textarea>')
    // Alan asked a question that is not researched yet: flagged, and no answer note for him.
    expect(response.body).toMatch(/data-check="unresearched">[^<]*Explain Raft leader election/)
    expect(response.body).toContain('Awaiting follow-up')
    expect(response.body).toContain('data-copy="#body-')
    expect(response.body).toMatch(/href="mailto:grace@example.com\?subject=[^"]+&amp;body=/)
    expect(storedCount()).toBe(0)

    await plan(0, 'one')
    expect(Object.keys(await notes()).sort()).toEqual(['Alan Turing:thank_you', 'Grace Hopper:combined'])
  })

  it('shows each note compactly, only the next one owed open, and says where a note has no address', async () => {
    const noEmail = seedDebrief(ctx.app, seed.userId, {
      interviewers: [{ name: 'Kai Wong' }, { name: 'Grace Hopper', email: 'grace@example.com' }],
    })
    const html = (await agent.get(page(noEmail))).body
    const articles = html.split('<article class="draft"').slice(1)
    expect(articles).toHaveLength(2)
    // Only the first owed note opens its editor, and its primary button is the one focus goes to.
    expect(articles.map((a) => /<details class="draft-edit"( open)?>/.exec(a)?.[1] ?? '')).toEqual([
      ' open',
      '',
    ])
    expect(html.match(/id="next-note"/g)).toHaveLength(1)
    expect(articles[0]).toMatch(/id="next-note" autofocus>Copy text</)
    expect(articles[1]).toContain('data-excerpt')
    expect(articles[1]).toMatch(/<dd data-field="to">Grace Hopper &lt;grace@example.com&gt;<\/dd>/)
    // Kai has no address: the card and the group say so and link to where it is added.
    expect(articles[0]).toContain('Kai Wong has no e-mail address yet')
    expect(html).toContain('data-testid="no-email-')
    expect(html).toContain(`href="/interviews/${noEmail.interviewId}">Add it on the interview page</a>`)
  })

  it('after each mark the message names the note and focus goes to the next owed note, then to all sent', async () => {
    const marked = await press((await notes())['Grace Hopper:combined']!, 'mark')
    expect(marked.statusCode).toBe(303)
    const flash = (html: string) =>
      /<p class="flash[^"]*" role="\w+" id="flash"( data-focus="([\w-]+)")?>([^<]*)</.exec(html)
    let html = (await agent.get(marked.headers.location as string)).body
    expect(flash(html)?.[3]).toBe('Marked Grace Hopper&#39;s thank-you and answers as sent.')
    expect(flash(html)?.[2]).toBe('next-note')
    // The next note owed is Alan's, and its button carries the id focus goes to.
    const alan = html
      .split('<section class="card" id="interviewer-')
      .find((a) => a.includes('-name">Alan Turing'))
    expect(alan).toMatch(/id="next-note"/)
    expect(html).toContain('1/2 notes sent')
    expect(html).not.toContain('id="all-sent"')

    const last = await press((await notes())['Alan Turing:thank_you']!, 'mark')
    html = (await agent.get(last.headers.location as string)).body
    expect(flash(html)?.[3]).toBe('Marked Alan Turing&#39;s thank-you as sent.')
    expect(flash(html)?.[2]).toBe('all-sent')
    expect(html).toMatch(/id="all-sent"[^>]*>.*All notes sent\./s)
    expect(html).toContain(`href="/interviews/${seed.interviewId}">Back to the interview</a>`)
    expect(html).not.toContain('id="next-note"')
    expect(html).toContain('2/2 notes sent')
  })

  it('keeps edits, and regenerates over them only after a confirmation step', async () => {
    await plan(0, 'two')
    const note = (await notes())['Grace Hopper:thank_you']!
    const saved = await press(note, 'save', { subject: 'My own subject', body: 'My own words & more\n' })
    expect(saved.statusCode).toBe(303)
    const id = draftIds((await agent.get(page())).body)['Grace Hopper:thank_you']!
    expect(saved.headers.location).toBe(page())
    let html = agent.lastHtml
    expect(html).toContain('My own words &amp; more')
    expect(html).toContain('value="My own subject"')
    expect(html).toContain('Edited draft')

    // Asking to regenerate shows a confirmation page and changes nothing yet.
    const ask = await press((await notes())['Grace Hopper:thank_you']!, 'regenerate', { tone: 'formal' })
    expect(ask.statusCode).toBe(200)
    expect(ask.body).toContain('Replace your edits?')
    expect(ask.body).toContain('name="confirm" value="yes"')
    html = (await agent.get(page())).body
    expect(html).toContain('My own words &amp; more')

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
    const response = await press((await notes())['Alan Turing:thank_you']!, 'regenerate', { tone: 'brief' })
    expect(response.statusCode).toBe(303)
    const html = (await agent.get(page())).body
    expect(html).toContain('Draft regenerated in the brief tone.')
    expect(html).toMatch(/<option value="brief" selected>/)
  })

  it('re-renders the form with the field named when an edit is invalid', async () => {
    const response = await press((await notes())['Alan Turing:thank_you']!, 'save', {
      subject: '',
      body: 'Still here',
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Subject must not be empty')
    expect(response.body).toContain('Still here</textarea>')
  })

  it('records the text in the editor when marking, without a separate save', async () => {
    const note = (await notes())['Alan Turing:thank_you']!
    await press(note, 'mark', { body: 'Thanks, Alan. Edited and never saved.' })
    const stored = ctx.app.db.prepare("SELECT body, state FROM drafts WHERE kind = 'thank_you'").get()
    expect(stored).toEqual({ body: 'Thanks, Alan. Edited and never saved.', state: 'sent' })
  })

  it('asks before recording a second thank-you, and records it only when confirmed', async () => {
    await plan(0, 'two')
    await press((await notes())['Grace Hopper:thank_you']!, 'mark')
    const combined = {
      id: null,
      action: `/interviews/${seed.interviewId}/notes/${seed.interviewerIds[0]}/combined`,
      subject: 'Thanks and answers',
      body: 'Thanks again, and here are the answers.',
    }
    const refused = await press(combined, 'mark')
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toMatch(
      /You already thanked Grace Hopper on \w{3} \d\d:\d\d \(marked as sent\) — record another\?/,
    )
    expect(refused.body).toContain('value="Thanks again, and here are the answers."')
    expect(refused.body).toContain('name="confirm_repeat" value="yes"')
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!).answers_sent_at).toBeNull()

    const confirmed = await press(combined, 'mark', { confirm_repeat: 'yes' })
    expect(confirmed.statusCode).toBe(303)
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!).answers_sent_at).toBe(ctx.clock.now())
  })

  it('marking the last note sent completes the follow-up and cancels reminders; un-marking re-plans them', async () => {
    const pending = remindersOf(ctx.app, seed.interviewId)
    expect(pending.length).toBeGreaterThan(0)
    expect(pending.every((r) => r.state === 'pending')).toBe(true)

    // Grace gets the combined note (covers both), Alan his thank-you.
    await plan(0, 'one')
    expect((await press((await notes())['Grace Hopper:combined']!, 'mark')).statusCode).toBe(303)
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!)).toEqual({
      thank_you_sent_at: ctx.clock.now(),
      answers_sent_at: ctx.clock.now(),
    })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')

    ctx.clock.advance(60_000)
    await press((await notes())['Alan Turing:thank_you']!, 'mark')
    expect(interviewState(ctx.app, seed.interviewId)).toEqual({
      follow_up_state: 'done',
      follow_up_done_at: ctx.clock.now(),
    })
    expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)
    const html = (await agent.get(page())).body
    expect(html).toContain('Followed up')
    expect(html).toContain('reminders for this interview have stopped')
    // Finished interviewers are folded away, with their state at a glance.
    expect(html).toContain('data-finished="yes"')
    expect(html).toMatch(/Alan Turing<\/a>:\s*thanked ✓ — nothing owed/)

    await agent.submit(`/drafts/${draftIds(html)['Alan Turing:thank_you']}/unmark`, {}, page())
    expect(interviewState(ctx.app, seed.interviewId)).toEqual({
      follow_up_state: 'open',
      follow_up_done_at: null,
    })
    expect(interviewerState(ctx.app, seed.interviewerIds[1]!).thank_you_sent_at).toBeNull()
    const replanned = remindersOf(ctx.app, seed.interviewId)
    const now = ctx.clock.now()
    expect(replanned.map((r) => r.due_at)).toEqual(pending.map((r) => r.due_at))
    const ahead = replanned.filter((r) => r.due_at > now)
    expect(ahead.length).toBeGreaterThan(0)
    expect(ahead.every((r) => r.state === 'pending')).toBe(true)
  })

  it('does not complete while a due answer note is unsent', async () => {
    await plan(0, 'two')
    await press((await notes())['Grace Hopper:thank_you']!, 'mark')
    await press((await notes())['Alan Turing:thank_you']!, 'mark')
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
    const answers = (await notes())['Grace Hopper:answers']!
    await press(answers, 'mark')
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
    // A sent note cannot be marked twice.
    const again = await press(answers, 'mark')
    expect(again.statusCode).toBe(303)
    expect((await agent.get(page())).body).toContain('already marked as sent')
  })

  describe('one follow-up rule for the interview page and the drafts page', () => {
    /** Everything the rule decides for an interview, comparable across two interviews. */
    const snapshot = (debrief: Desk['seed']) => ({
      interview: interviewState(ctx.app, debrief.interviewId),
      interviewers: debrief.interviewerIds.map((id) => interviewerState(ctx.app, id)),
      reminders: remindersOf(ctx.app, debrief.interviewId).map(({ kind, lead, state, due_at }) => ({
        kind,
        lead,
        state,
        due_at,
      })),
    })
    const markOnInterviewPage = (
      debrief: Desk['seed'],
      who: number,
      what: 'thankYou' | 'answers',
      sent = '1',
    ) =>
      agent.submit(
        `/interviewers/${debrief.interviewerIds[who]}/sent`,
        { what, sent },
        `/interviews/${debrief.interviewId}`,
      )
    const onDraftsPage = async (debrief: Desk['seed'], key: string, action: 'mark' | 'unmark') => {
      const html = (await agent.get(page(debrief))).body
      if (action === 'unmark') return agent.submit(`/drafts/${draftIds(html)[key]}/unmark`, {}, page(debrief))
      return press(notesOn(html)[key]!, 'mark', {}, debrief)
    }

    it('marking and un-marking through either page leads to the same state', async () => {
      const viaInterview = seed
      const viaDrafts = seedDebrief(ctx.app, seed.userId, SEED)
      await plan(0, 'two', viaDrafts)
      const same = () => {
        const left = snapshot(viaInterview)
        expect(snapshot(viaDrafts)).toEqual(left)
        return left
      }

      await markOnInterviewPage(viaInterview, 0, 'thankYou')
      await onDraftsPage(viaDrafts, 'Grace Hopper:thank_you', 'mark')
      expect(same().interview.follow_up_state).toBe('open')

      await markOnInterviewPage(viaInterview, 1, 'thankYou')
      await onDraftsPage(viaDrafts, 'Alan Turing:thank_you', 'mark')
      expect(same().interview.follow_up_state).toBe('open')

      ctx.clock.advance(60_000)
      await markOnInterviewPage(viaInterview, 0, 'answers')
      await onDraftsPage(viaDrafts, 'Grace Hopper:answers', 'mark')
      const done = same()
      expect(done.interview).toEqual({ follow_up_state: 'done', follow_up_done_at: ctx.clock.now() })
      expect(done.reminders.length).toBeGreaterThan(0)
      expect(done.reminders.every((r) => r.state === 'cancelled')).toBe(true)

      ctx.clock.advance(60_000)
      await markOnInterviewPage(viaInterview, 1, 'thankYou', '0')
      await onDraftsPage(viaDrafts, 'Alan Turing:thank_you', 'unmark')
      const reopened = same()
      expect(reopened.interview).toEqual({ follow_up_state: 'open', follow_up_done_at: null })
      expect(reopened.interviewers[1]!.thank_you_sent_at).toBeNull()
      const ahead = reopened.reminders.filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.length).toBeGreaterThan(0)
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
    })

    it("each page's un-mark reopens a follow-up the other page completed", async () => {
      await plan(0, 'one')
      await onDraftsPage(seed, 'Grace Hopper:combined', 'mark')
      await markOnInterviewPage(seed, 1, 'thankYou')
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
      expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)

      await markOnInterviewPage(seed, 0, 'thankYou', '0')
      expect(snapshot(seed).interview).toEqual({ follow_up_state: 'open', follow_up_done_at: null })
      let ahead = remindersOf(ctx.app, seed.interviewId).filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.length).toBeGreaterThan(0)
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
      const interviewPage = (await agent.get(`/interviews/${seed.interviewId}`)).body
      expect(interviewPage).toContain('1/2 thanked')

      ctx.clock.advance(60_000)
      await markOnInterviewPage(seed, 0, 'thankYou')
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
      await onDraftsPage(seed, 'Grace Hopper:combined', 'unmark')
      // The thank-you was recorded by hand after the note, so it stays; the answers do not.
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!)).toMatchObject({ answers_sent_at: null })
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!).thank_you_sent_at).not.toBeNull()
      expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
      ahead = remindersOf(ctx.app, seed.interviewId).filter((r) => r.due_at > ctx.clock.now())
      expect(ahead.every((r) => r.state === 'pending')).toBe(true)
    })
  })

  it('downloads an .eml and refuses forms without a CSRF token', async () => {
    await plan(0, 'two')
    const note = (await notes())['Grace Hopper:thank_you']!
    const unstored = await agent.get(`${note.action}/eml`)
    expect(unstored.statusCode).toBe(200)
    expect(unstored.headers['content-disposition']).toBe('attachment; filename="thank-you-grace-hopper.eml"')
    expect(storedCount()).toBe(0)
    await press(note, 'save', { body: 'Saved text' })
    const id = draftIds((await agent.get(page())).body)['Grace Hopper:thank_you']!
    const eml = await agent.get(`/drafts/${id}.eml`)
    expect(eml.statusCode).toBe(200)
    expect(eml.headers['content-type']).toContain('message/rfc822')
    expect(eml.body).toMatch(/^To: Grace Hopper <grace@example.com>$/m)
    expect(eml.body).toContain('Saved text')
    expect((await agent.get(`/drafts/${id}/eml`)).statusCode).toBe(200)

    const forged = await agent.postForm(`/drafts/${id}`, { action: 'mark', subject: 'x', body: 'y' })
    expect(forged.statusCode).toBe(403)
  })

  it("answers 404 for another user's drafts and interviews", async () => {
    await plan(0, 'two')
    await press((await notes())['Grace Hopper:thank_you']!, 'save', { body: 'Mine' })
    const id = draftIds((await agent.get(page())).body)['Grace Hopper:thank_you']!
    const mallory = await signUp(ctx.app, { email: 'mallory@example.com', name: 'Mallory' })
    expect((await mallory.get(page())).statusCode).toBe(404)
    expect((await mallory.get(`/drafts/${id}.eml`)).statusCode).toBe(404)
    const token = await mallory.csrf('/settings')
    for (const action of ['unmark', 'undo']) {
      expect((await mallory.submit(`/drafts/${id}/${action}`, { _csrf: token })).statusCode).toBe(404)
    }
    for (const action of ['save', 'mark', 'send']) {
      const response = await mallory.submit(`/drafts/${id}`, {
        action,
        subject: 'x',
        body: 'y',
        _csrf: token,
      })
      expect(response.statusCode, action).toBe(404)
    }
    const note = `/interviews/${seed.interviewId}/notes/${seed.interviewerIds[1]}/thank_you`
    expect(
      (await mallory.submit(note, { action: 'mark', subject: 'x', body: 'y', _csrf: token })).statusCode,
    ).toBe(404)
    const choose = `/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/plan`
    expect((await mallory.submit(choose, { plan: 'one', _csrf: token })).statusCode).toBe(404)
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
    await plan(0, 'two', long)
    const html = (await agent.get(page(long))).body
    expect(html).toContain('data-mailto="too-long"')
    expect(html).toContain('Open in mail program (subject only)')
  })
})
