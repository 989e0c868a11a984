import { describe, expect, it } from 'vitest'
import type { Desk } from '../helpers/draftDesk.js'
import { interviewerState, interviewState, remindersOf, seedDebrief } from '../helpers/draftFixtures.js'
import {
  agent,
  ctx,
  draftIds,
  draftsPageDesk,
  notes,
  notesOn,
  page,
  plan,
  press,
  SEED,
  seed,
} from '../helpers/draftsPage.js'

describe('drafts pages', () => {
  draftsPageDesk()

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
})
