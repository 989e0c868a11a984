import { simpleParser } from 'mailparser'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createToken, signUp } from '../helpers/agent.js'
import { adasDesk, type Desk } from '../helpers/draftDesk.js'
import { interviewerState, interviewState, remindersOf, seedDebrief } from '../helpers/draftFixtures.js'
import { api as tokenApi } from '../helpers/tokenApi.js'

interface DraftJson {
  id: number
  kind: string
  tone: string
  subject: string
  body: string
  edited: boolean
  stale: boolean
  state: string
  sentVia: string | null
  checks: { code: string; level: string; message: string }[]
  mailto: string
  mailtoComplete: boolean
  canSend: boolean
}
interface DraftsJson {
  interview: { status: string; followUpState: string }
  sendingEnabled: boolean
  interviewers: { id: number; name: string; answersDue: boolean; needsPlan: boolean; drafts: DraftJson[] }[]
}

describe('drafts API', () => {
  let ctx: Desk['ctx']
  let token: string
  let seed: Desk['seed']

  const api = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object, bearer = token) =>
    tokenApi(ctx, bearer, method, url, payload)
  const drafts = async (interviewId = seed.interviewId) =>
    (await api('GET', `/interviews/${interviewId}/drafts`)).json() as DraftsJson
  /** The stored note of this kind: asks for one e-mail (combined) or two where both are owed, then stores the notes. */
  const draftOf = async (name: string, kind: string, interviewId = seed.interviewId) => {
    const person = (await drafts(interviewId)).interviewers.find((p) => p.name === name)!
    if (person.answersDue) {
      const plan = kind === 'combined' ? 'one' : 'two'
      await api('POST', `/interviews/${interviewId}/interviewers/${person.id}/plan`, { plan })
    }
    const stored = (await api('POST', `/interviews/${interviewId}/drafts`)).json() as DraftsJson
    return stored.interviewers.find((p) => p.name === name)!.drafts.find((d) => d.kind === kind)!
  }

  beforeEach(async () => {
    const desk = await adasDesk(
      {
        company: 'Initech',
        interviewers: [{ name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' }],
        questions: [
          {
            by: 0,
            text: 'How does a B-tree stay balanced?',
            answer: 'Nodes split & merge <always>.',
            sources: ['https://en.wikipedia.org/wiki/B-tree'],
          },
          { by: 0, text: 'Hidden question', answer: 'Hidden answer', include: false },
          { by: null, text: 'Half-done question', answer: 'Draft answer', researched: false },
        ],
      },
      { env: { SIGNUP: 'open' } },
    )
    ;({ ctx, seed } = desk)
    token = await createToken(desk.agent)
  })
  afterEach(async () => ctx?.close())

  it('lists the drafts of an interview with checks and links', async () => {
    const response = await api('GET', `/interviews/${seed.interviewId}/drafts`)
    expect(response.statusCode).toBe(200)
    const body = response.json() as DraftsJson
    expect(body.sendingEnabled).toBe(false)
    expect(body.interview.status).toBe('awaiting_follow_up')
    const [first] = body.interviewers
    expect(first!.answersDue).toBe(true)
    // Thanks and answers are both owed: one combined note until "two e-mails" is chosen.
    expect(first).toMatchObject({ needsPlan: false, plan: null })
    expect(first!.drafts.map((d) => [d.kind, d.id])).toEqual([['combined', null]])
    const chosen = await api('POST', `/interviews/${seed.interviewId}/interviewers/${first!.id}/plan`, {
      plan: 'two',
    })
    const grace = (chosen.json() as DraftsJson).interviewers[0]!
    expect(grace.drafts.map((d) => [d.kind, d.id])).toEqual([
      ['thank_you', null],
      ['answers', null],
    ])
    // Reading stores nothing.
    await api('GET', `/interviews/${seed.interviewId}/drafts`)
    expect(ctx.app.db.prepare('SELECT count(*) FROM drafts').pluck().get()).toBe(0)
    const answers = grace.drafts[1]!
    expect(answers.body).toContain('Nodes split & merge <always>.')
    expect(answers.body).not.toMatch(/Hidden|Draft answer/)
    expect(answers.checks.map((c) => c.code)).toEqual(['unresearched'])
    expect(answers.checks[0]!.message).toContain('Half-done question')
    expect(answers.mailto).toMatch(/^mailto:grace@example.com\?subject=/)
    expect(answers.canSend).toBe(false)
    expect((await api('GET', '/interviews/9999/drafts')).statusCode).toBe(404)
  })

  it('saves edits, refuses line breaks in the subject, and regenerates only when confirmed', async () => {
    const thanks = await draftOf('Grace Hopper', 'thank_you')
    const saved = await api('PUT', `/drafts/${thanks.id}`, {
      subject: 'Thanks, Grace',
      body: 'Custom [NAME] body',
    })
    expect(saved.statusCode).toBe(200)
    expect(saved.json()).toMatchObject({ subject: 'Thanks, Grace', body: 'Custom [NAME] body', edited: true })
    expect((saved.json() as DraftJson).checks.map((c) => c.code)).toEqual(['unresearched', 'placeholder'])
    expect((await draftOf('Grace Hopper', 'thank_you')).body).toBe('Custom [NAME] body')

    const injected = await api('PUT', `/drafts/${thanks.id}`, {
      subject: 'Hi\r\nBcc: evil@example.com',
      body: 'x',
    })
    expect(injected.statusCode).toBe(400)
    expect(injected.json()).toMatchObject({ fields: { subject: 'must be a single line' } })
    const missing = await api('PUT', `/drafts/${thanks.id}`, { subject: 'x' })
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toMatchObject({ fields: { body: 'is required' } })

    const unconfirmed = await api('POST', `/drafts/${thanks.id}/regenerate`, { tone: 'brief' })
    expect(unconfirmed.statusCode).toBe(409)
    expect(unconfirmed.json()).toMatchObject({ fields: { confirm: expect.any(String) } })
    expect((await draftOf('Grace Hopper', 'thank_you')).body).toBe('Custom [NAME] body')

    const confirmed = await api('POST', `/drafts/${thanks.id}/regenerate`, { tone: 'brief', confirm: true })
    expect(confirmed.statusCode).toBe(200)
    expect(confirmed.json()).toMatchObject({ tone: 'brief', edited: false })
    expect((confirmed.json() as DraftJson).body).toContain('Hi Grace,')
  })

  it('keeps edited drafts when the interview changes, and says they are stale', async () => {
    const answers = await draftOf('Grace Hopper', 'answers')
    await api('PUT', `/drafts/${answers.id}`, {
      subject: answers.subject,
      body: `${answers.body}\nP.S. mine`,
    })
    ctx.app.db
      .prepare('UPDATE questions SET researched_answer = ? WHERE id = ?')
      .run('A better answer.', seed.questionIds[0])
    const after = await draftOf('Grace Hopper', 'answers')
    expect(after.body).toContain('P.S. mine')
    expect(after.stale).toBe(true)
    // Unedited drafts follow the data.
    expect((await draftOf('Grace Hopper', 'combined')).body).toContain('A better answer.')
  })

  it('mark-sent completes the follow-up and cancels reminders; un-mark re-plans them', async () => {
    expect(
      remindersOf(ctx.app, seed.interviewId).filter((r) => r.state === 'pending').length,
    ).toBeGreaterThan(0)
    const thanks = await draftOf('Grace Hopper', 'thank_you')
    const answers = await draftOf('Grace Hopper', 'answers')
    expect((await api('POST', `/drafts/${thanks.id}/mark-sent`)).json()).toMatchObject({
      state: 'sent',
      sentVia: 'manual',
    })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
    expect((await api('PUT', `/drafts/${thanks.id}`, { subject: 'x', body: 'y' })).statusCode).toBe(409)
    expect((await api('POST', `/drafts/${thanks.id}/mark-sent`)).statusCode).toBe(409)

    await api('POST', `/drafts/${answers.id}/mark-sent`)
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
    expect((await drafts()).interview.status).toBe('followed_up')
    expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)

    const unmarked = await api('POST', `/drafts/${answers.id}/unmark`)
    expect(unmarked.json()).toMatchObject({ state: 'draft', sentVia: null })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!).answers_sent_at).toBeNull()
    expect(interviewerState(ctx.app, seed.interviewerIds[0]!).thank_you_sent_at).not.toBeNull()
    const now = ctx.clock.now()
    const future = remindersOf(ctx.app, seed.interviewId).filter((r) => r.due_at > now)
    expect(future.length).toBeGreaterThan(0)
    expect(future.every((r) => r.state === 'pending')).toBe(true)
    expect((await api('POST', `/drafts/${answers.id}/unmark`)).statusCode).toBe(409)
  })

  it('downloads an RFC 5322 .eml with exactly one To and both parts', async () => {
    const answers = await draftOf('Grace Hopper', 'answers')
    const response = await api('GET', `/drafts/${answers.id}.eml`)
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('message/rfc822')
    const mail = await simpleParser(response.rawPayload)
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([
      { address: 'grace@example.com', name: 'Grace Hopper' },
    ])
    expect(mail.from?.value).toEqual([{ address: 'ada@example.com', name: 'Ada Lovelace' }])
    expect(mail.subject).toBe(answers.subject)
    expect(mail.text).toContain('Nodes split & merge <always>.')
    expect(mail.html).toContain('Nodes split &amp; merge &lt;always&gt;.')
    expect(mail.messageId).toMatch(new RegExp(`^<draft-${answers.id}\\.[0-9a-f]+@127\\.0\\.0\\.1>$`))
    expect(mail.headers.get('x-unsent')).toBe('1')
    // The same draft always carries the same Message-ID.
    const again = await simpleParser((await api('GET', `/drafts/${answers.id}/eml`)).rawPayload)
    expect(again.messageId).toBe(mail.messageId)
  })

  it('neutralises header injection in the interviewer name and refuses it in the address', async () => {
    const evil = seedDebrief(ctx.app, seed.userId, {
      interviewers: [
        { name: 'Eve\r\nBcc: spy@evil.example\r\nX-Injected: yes', email: 'eve@example.com' },
        { name: 'Mallory', email: 'mallory@example.com\r\nBcc: spy@evil.example' },
        { name: 'Trudy', email: 'trudy@example.com, spy@evil.example' },
      ],
    })
    await api('POST', `/interviews/${evil.interviewId}/drafts`)
    // As if stored by an older version: the subject reaches the message composer unchecked.
    ctx.app.db
      .prepare(
        "UPDATE drafts SET subject = 'Hello\r\nBcc: spy@evil.example', edited = 1 WHERE interviewer_id = ?",
      )
      .run(evil.interviewerIds[0])
    const all = await drafts(evil.interviewId)
    const [eve, mallory, trudy] = all.interviewers
    expect(eve!.drafts[0]!.subject).toContain('Hello')

    const raw = (await api('GET', `/drafts/${eve!.drafts[0]!.id}.eml`)).rawPayload
    const mail = await simpleParser(raw)
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((v) => v.address) : []).toEqual([
      'eve@example.com',
    ])
    expect(mail.bcc).toBeUndefined()
    expect(mail.headers.has('x-injected')).toBe(false)
    expect(mail.subject).toBe('Hello Bcc: spy@evil.example')
    const headerBlock = raw.toString('utf8').split('\r\n\r\n')[0]!
    expect(headerBlock).not.toMatch(/^(Bcc|X-Injected):/im)
    expect(headerBlock.match(/^To:/gim)).toHaveLength(1)

    for (const person of [mallory!, trudy!]) {
      const draft = person.drafts[0]!
      expect(draft.checks.map((c) => c.code)).toContain('invalid_email')
      expect(draft.mailto).toMatch(/^mailto:\?subject=/)
      const refused = await api('GET', `/drafts/${draft.id}.eml`)
      expect(refused.statusCode).toBe(409)
      expect(refused.json().message).toContain('not one plain address')
    }
  })

  it("answers 404 for another user's drafts", async () => {
    const other = await signUp(ctx.app, { email: 'mallory@example.com', name: 'Mallory' })
    const otherToken = await createToken(other)
    const thanks = await draftOf('Grace Hopper', 'thank_you')
    const calls: [string, string, object?][] = [
      ['GET', `/interviews/${seed.interviewId}/drafts`],
      ['GET', `/drafts/${thanks.id}`],
      ['PUT', `/drafts/${thanks.id}`, { subject: 'x', body: 'y' }],
      ['POST', `/drafts/${thanks.id}/send`],
      ['POST', `/drafts/${thanks.id}/mark-sent`],
      ['POST', `/drafts/${thanks.id}/undo`],
      ['POST', `/drafts/${thanks.id}/unmark`],
      ['POST', `/interviews/${seed.interviewId}/drafts`],
      [
        'POST',
        `/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/plan`,
        { plan: 'one' },
      ],
      [
        'POST',
        `/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/notes/thank_you/mark-sent`,
      ],
      ['POST', `/drafts/${thanks.id}/regenerate`, { confirm: true }],
      ['GET', `/drafts/${thanks.id}.eml`],
      ['GET', `/drafts/${thanks.id}/eml`],
    ]
    for (const [method, url, payload] of calls) {
      const response = await api(method as 'GET', url, payload, otherToken)
      expect(response.statusCode, `${method} ${url}`).toBe(404)
      expect(response.json()).toMatchObject({ error: 'Not Found' })
    }
    expect((await draftOf('Grace Hopper', 'thank_you')).state).toBe('draft')
    expect((await api('POST', `/drafts/${thanks.id}/send`)).statusCode).toBe(409)
  })
})
