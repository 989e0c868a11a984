import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Agent, createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import { type Debrief, interviewState, remindersOf, seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { SmtpPeer } from '../helpers/smtp.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

describe('sending drafts from Debrief over SMTP', () => {
  let ctx: Ctx
  let peer: SmtpPeer
  let token: string
  let seed: Debrief
  let agent: Agent

  const api = (method: 'GET' | 'POST', url: string) =>
    ctx.app.inject({ method, url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } })
  const draftId = async (kind: string) => {
    const body = (await api('GET', `/interviews/${seed.interviewId}/drafts`)).json() as {
      interviewers: { drafts: { id: number; kind: string }[] }[]
    }
    return body.interviewers[0]!.drafts.find((d) => d.kind === kind)!.id
  }
  const toInterviewer = () => peer.received.filter((m) => m.envelope.to.includes('grace@example.com'))
  const toUser = () => peer.received.filter((m) => m.envelope.to.includes('ada@example.com'))

  beforeEach(async () => {
    peer = await new SmtpPeer().start()
    ctx = await createTestApp({
      scheduler: false,
      // A short socket timeout bounds the test where the server drops the connection after DATA.
      mailTransport: `${peer.url}?socketTimeout=1500`,
      env: { MAIL_FROM: 'Debrief <debrief@debrief.example>' },
    })
    agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
    token = await createToken(agent)
    seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), {
      interviewers: [{ name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' }],
    })
  })
  afterEach(async () => {
    await ctx?.close()
    await peer?.stop()
  })

  it('delivers once, from MAIL_FROM with Reply-To the user, copies the user, and records the Message-ID', async () => {
    const id = await draftId('thank_you')
    const response = await api('POST', `/drafts/${id}/send`)
    expect(response.statusCode, response.body).toBe(200)
    const draft = response.json() as { state: string; sentVia: string; messageId: string }
    expect(draft).toMatchObject({ state: 'sent', sentVia: 'debrief' })

    expect(toInterviewer()).toHaveLength(1)
    const [mail] = toInterviewer()
    expect(mail!.envelope.to).toEqual(['grace@example.com'])
    expect(mail!.parsed.from?.value).toEqual([{ address: 'debrief@debrief.example', name: 'Debrief' }])
    expect(mail!.parsed.replyTo?.value).toEqual([{ address: 'ada@example.com', name: 'Ada Lovelace' }])
    expect(mail!.parsed.messageId).toBe(draft.messageId)
    expect(mail!.parsed.text).toContain('Hi Grace,')
    expect(mail!.parsed.html).toContain('Hi Grace,')
    expect(mail!.raw).not.toMatch(/^Bcc:/im)

    expect(toUser()).toHaveLength(1)
    expect(toUser()[0]!.parsed.text).toContain('Your copy: Debrief sent the note below to Grace Hopper')

    // Sent is final: a second send is refused and nothing more goes out.
    const again = await api('POST', `/drafts/${id}/send`)
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toContain('already sent')
    expect((await api('POST', `/drafts/${id}/unmark`)).statusCode).toBe(409)
    expect(toInterviewer()).toHaveLength(1)
    // Sending the only note due completed the follow-up and stopped its reminders.
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
    expect(remindersOf(ctx.app, seed.interviewId).every((r) => r.state === 'cancelled')).toBe(true)
  })

  it('keeps a draft retryable after 451 and delivers it once on the retry, with the same Message-ID', async () => {
    const id = await draftId('thank_you')
    peer.next({ kind: 'reject', code: 451, message: 'Try again later' })
    const first = await api('POST', `/drafts/${id}/send`)
    expect(first.statusCode).toBe(503)
    expect(first.json().message).toMatch(/still a draft: try Send again/)
    expect(first.headers['retry-after']).toBe('120')
    const after = (await api('GET', `/drafts/${id}`)).json() as Record<string, unknown>
    expect(after).toMatchObject({ state: 'draft', attempts: 1, lastErrorKind: 'temporary', canSend: true })
    expect(String(after.lastError)).toContain('451')
    expect(toInterviewer()).toHaveLength(0)

    const second = await api('POST', `/drafts/${id}/send`)
    expect(second.statusCode).toBe(200)
    expect(second.json()).toMatchObject({ state: 'sent', attempts: 2, lastError: null })
    expect(toInterviewer()).toHaveLength(1)
    expect(toInterviewer()[0]!.parsed.messageId).toBe(second.json().messageId)
  })

  it('makes a resend after an unacknowledged delivery recognisable by its Message-ID', async () => {
    const id = await draftId('thank_you')
    peer.next({ kind: 'drop-after-data' })
    const first = await api('POST', `/drafts/${id}/send`)
    expect(first.statusCode).toBe(503)
    expect((await api('GET', `/drafts/${id}`)).json()).toMatchObject({ state: 'draft', canSend: true })
    const second = await api('POST', `/drafts/${id}/send`)
    expect(second.statusCode).toBe(200)
    const copies = toInterviewer()
    expect(copies).toHaveLength(2)
    expect(copies[0]!.parsed.messageId).toBe(copies[1]!.parsed.messageId)
  })

  it('reports a permanent refusal and leaves the note unsent', async () => {
    const id = await draftId('thank_you')
    peer.next({ kind: 'reject', code: 550, message: 'No such user', stage: 'rcpt' })
    const response = await api('POST', `/drafts/${id}/send`)
    expect(response.statusCode).toBe(502)
    expect(response.json().message).toMatch(/refused the note .*550/)
    expect((await api('GET', `/drafts/${id}`)).json()).toMatchObject({
      state: 'draft',
      lastErrorKind: 'permanent',
    })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
  })

  it('holds a draft while an attempt is in flight and frees it when the lease runs out', async () => {
    const id = await draftId('thank_you')
    const now = ctx.clock.now()
    const claim = ctx.app.db.prepare(
      "UPDATE drafts SET state = 'sending', attempts = 1, lease_until = ? WHERE id = ?",
    )
    claim.run(now + 60_000, id)
    const busy = await api('POST', `/drafts/${id}/send`)
    expect(busy.statusCode).toBe(409)
    expect(busy.json().message).toContain('being sent right now')
    expect((await api('POST', `/drafts/${id}/mark-sent`)).statusCode).toBe(409)

    // As after a crash mid-send: the lease has run out, so the draft can be sent again.
    claim.run(now - 1, id)
    expect((await api('GET', `/drafts/${id}`)).json()).toMatchObject({ canSend: true })
    const retried = await api('POST', `/drafts/${id}/send`)
    expect(retried.statusCode).toBe(200)
    expect(retried.json()).toMatchObject({ state: 'sent', attempts: 2 })
    expect(toInterviewer()).toHaveLength(1)
  })

  it('sends once when two sends race', async () => {
    const id = await draftId('thank_you')
    const results = await Promise.all([api('POST', `/drafts/${id}/send`), api('POST', `/drafts/${id}/send`)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expect(toInterviewer()).toHaveLength(1)
  })

  it('sends from the page and says so', async () => {
    const id = await draftId('thank_you')
    const page = `/interviews/${seed.interviewId}/drafts`
    expect((await agent.get(page)).body).toContain('Send from Debrief</button>')
    const response = await agent.submit(`/drafts/${id}/send`, {}, page)
    expect(response.statusCode).toBe(303)
    const html = (await agent.get(page)).body
    expect(html).toContain('sent from Debrief, with a copy to you')
    expect(html).toMatch(/Sent [^<]+ by Debrief \(Message-ID &lt;draft-/)
    expect(toInterviewer()).toHaveLength(1)
  })
})

describe('sending without SMTP', () => {
  it('is refused with a way forward, and the page offers the other hand-offs', async () => {
    const ctx = await createTestApp({ scheduler: false })
    try {
      const agent = await signUp(ctx.app, { email: 'ada@example.com', name: 'Ada Lovelace' })
      const token = await createToken(agent)
      const seed = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), {
        interviewers: [{ name: 'Grace Hopper', email: 'grace@example.com' }],
      })
      const page = await agent.get(`/interviews/${seed.interviewId}/drafts`)
      expect(page.body).not.toContain('Send from Debrief')
      expect(page.body).toContain('Sending from Debrief is off')
      const id = Number(/id="draft-(\d+)"/.exec(page.body)![1])
      const response = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/drafts/${id}/send`,
        headers: { authorization: `Bearer ${token}` },
      })
      expect(response.statusCode).toBe(409)
      expect(response.json().message).toContain('SMTP_URL')
      // Nothing went to the in-app mailbox either: it cannot reach an interviewer.
      expect(ctx.app.db.prepare('SELECT count(*) FROM mailbox').pluck().get()).toBe(0)
    } finally {
      await ctx.close()
    }
  })
})
