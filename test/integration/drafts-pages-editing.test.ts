import { describe, expect, it } from 'vitest'
import { signUp } from '../helpers/agent.js'
import { seedDebrief } from '../helpers/draftFixtures.js'
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
  seed,
} from '../helpers/draftsPage.js'

describe('drafts pages', () => {
  draftsPageDesk()
  const storedCount = () => ctx.app.db.prepare('SELECT count(*) FROM drafts').pluck().get()

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
