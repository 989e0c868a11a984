import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Agent, createToken } from '../helpers/agent.js'
import { adasDesk, type Desk } from '../helpers/draftDesk.js'
import { interviewState, seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { SmtpPeer } from '../helpers/smtp.js'
import { api as tokenApi } from '../helpers/tokenApi.js'

describe('sending drafts from Debrief over SMTP, after an undo window', () => {
  let ctx: Desk['ctx']
  let peer: SmtpPeer
  let token: string
  let seed: Desk['seed']
  let agent: Agent

  const api = (method: 'GET' | 'POST', url: string, payload?: object) =>
    tokenApi(ctx, token, method, url, payload)
  const draftId = async (kind: string, interviewer = 0) => {
    const body = (await api('POST', `/interviews/${seed.interviewId}/drafts`)).json() as {
      interviewers: { drafts: { id: number; kind: string }[] }[]
    }
    return body.interviewers[interviewer]!.drafts.find((d) => d.kind === kind)!.id
  }
  const toInterviewer = () => peer.received.filter((m) => m.envelope.to.includes('grace@example.com'))
  const toUser = () => peer.received.filter((m) => m.envelope.to.includes('ada@example.com'))
  /** Moves past the undo window and runs the pass that sends what is due. */
  const afterWindow = async () => {
    ctx.clock.advance(30_001)
    await ctx.app.reminderDispatcher.runDuePass()
  }

  beforeEach(async () => {
    peer = await new SmtpPeer().start()
    ;({ ctx, agent, seed } = await adasDesk(
      { interviewers: [{ name: 'Grace Hopper', title: 'Principal Engineer', email: 'grace@example.com' }] },
      {
        mailTransport: `${peer.url}?socketTimeout=1500`,
        env: { MAIL_FROM: 'Debrief <debrief@debrief.example>', SEND_UNDO_SECONDS: '30' },
      },
    ))
    token = await createToken(agent)
    // The passes that send the notes would send due reminders too; these tests are about the notes.
    ctx.app.db.prepare("UPDATE reminders SET state = 'cancelled'").run()
  })
  afterEach(async () => {
    await ctx?.close()
    await peer?.stop()
  })

  it('queues the note, sends it once after the window, from the candidate via Debrief', async () => {
    const id = await draftId('thank_you')
    const response = await api('POST', `/drafts/${id}/send`)
    expect(response.statusCode, response.body).toBe(200)
    const queued = response.json() as { state: string; queued: { state: string; sendsAt: string } }
    expect(queued.state).toBe('draft')
    expect(queued.queued).toEqual({
      state: 'queued',
      sendsAt: new Date(ctx.clock.now() + 30_000).toISOString(),
    })

    // Inside the window nothing goes out, however often a pass runs.
    await ctx.app.reminderDispatcher.runDuePass()
    expect(toInterviewer()).toHaveLength(0)

    await afterWindow()
    await afterWindow()
    expect(toInterviewer()).toHaveLength(1)
    const [mail] = toInterviewer()
    expect(mail!.envelope.to).toEqual(['grace@example.com'])
    expect(mail!.envelope.from).toBe('debrief@debrief.example')
    expect(mail!.parsed.from?.value).toEqual([
      { address: 'debrief@debrief.example', name: 'Ada Lovelace via Debrief' },
    ])
    expect(mail!.parsed.replyTo?.value).toEqual([{ address: 'ada@example.com', name: 'Ada Lovelace' }])
    expect(mail!.raw).not.toMatch(/^From:.*ada@example\.com/im)
    expect(mail!.parsed.text).toContain('Hi Grace,')
    expect(toUser()).toHaveLength(1)

    const after = (await api('GET', `/drafts/${id}`)).json() as {
      state: string
      messageId: string
      queued: unknown
    }
    expect(after).toMatchObject({ state: 'sent', queued: null })
    expect(mail!.parsed.messageId).toBe(after.messageId)

    const again = await api('POST', `/drafts/${id}/send`)
    expect(again.statusCode).toBe(409)
    expect(again.json().message).toContain('already sent')
    expect(again.json().message).not.toContain('Message-ID')
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('done')
  })

  it('sends the text given with the request, not the stored one', async () => {
    const id = await draftId('thank_you')
    const response = await api('POST', `/drafts/${id}/send`, {
      subject: 'Thanks, Grace',
      body: 'Edited just now.',
    })
    expect(response.statusCode, response.body).toBe(200)
    await afterWindow()
    expect(toInterviewer().map((m) => [m.parsed.subject, m.parsed.text?.trim()])).toEqual([
      ['Thanks, Grace', 'Edited just now.'],
    ])
  })

  it('cancels for certain on undo inside the window, and answers too late after the claim', async () => {
    const id = await draftId('thank_you')
    expect((await api('POST', `/drafts/${id}/send`)).statusCode).toBe(200)
    const undone = await api('POST', `/drafts/${id}/undo`)
    expect(undone.statusCode, undone.body).toBe(200)
    expect(undone.json()).toMatchObject({ state: 'draft', queued: null, canSend: true })
    await afterWindow()
    expect(peer.received).toHaveLength(0)

    // Sent again, and this time the window passes: the undo comes too late.
    expect((await api('POST', `/drafts/${id}/send`)).statusCode).toBe(200)
    await afterWindow()
    const late = await api('POST', `/drafts/${id}/undo`)
    expect(late.statusCode).toBe(409)
    expect(late.json().message).toContain('Too late — it was sent')
    expect(toInterviewer()).toHaveLength(1)
  })

  it('gives every queued send its own Message-ID', async () => {
    const id = await draftId('thank_you')
    await api('POST', `/drafts/${id}/send`)
    await api('POST', `/drafts/${id}/undo`)
    await api('POST', `/drafts/${id}/send`)
    await afterWindow()
    const keys = ctx.app.db
      .prepare('SELECT message_key FROM outgoing_drafts ORDER BY id')
      .pluck()
      .all() as string[]
    expect(keys).toHaveLength(2)
    expect(new Set(keys).size).toBe(2)
    expect(toInterviewer()[0]!.parsed.messageId).toContain(keys[1]!)
  })

  it('refuses a send or a mark that repeats a recorded note unless it is confirmed', async () => {
    const other = seedDebrief(ctx.app, userIdOf(ctx.app, 'ada@example.com'), {
      interviewers: [{ name: 'Kai Lee', email: 'grace@example.com' }],
      questions: [{ by: 0, text: 'What is a B-tree?', answer: 'A balanced tree.' }],
    })
    const interviewerId = other.interviewerIds[0]!
    const plan = await api('POST', `/interviews/${other.interviewId}/interviewers/${interviewerId}/plan`, {
      plan: 'two',
    })
    expect(plan.statusCode, plan.body).toBe(200)
    const note = (kind: string) =>
      `/interviews/${other.interviewId}/interviewers/${interviewerId}/notes/${kind}`
    expect((await api('POST', `${note('thank_you')}/send`)).statusCode).toBe(200)
    await afterWindow()
    expect(toInterviewer()).toHaveLength(1)

    // The combined note would thank Kai a second time.
    for (const path of [
      `${note('combined')}/send`,
      `${note('combined')}/mark-sent`,
      `${note('thank_you')}/send`,
    ]) {
      const refused = await api('POST', path)
      expect(refused.statusCode, path).toBe(409)
    }
    const refused = await api('POST', `${note('combined')}/send`)
    expect(refused.json().message).toMatch(/^You already thanked Kai Lee on Mon 15:00 — send another\?$/)
    expect(refused.json().fields).toEqual({ confirmRepeat: 'must be true to repeat this note' })
    await afterWindow()
    expect(toInterviewer()).toHaveLength(1)

    const confirmed = await api('POST', `${note('combined')}/send`, { confirmRepeat: true })
    expect(confirmed.statusCode, confirmed.body).toBe(200)
    await afterWindow()
    expect(toInterviewer()).toHaveLength(2)
  })

  it('retries a temporary failure from the queue a minute later', async () => {
    const id = await draftId('thank_you')
    peer.next({ kind: 'reject', code: 451, message: 'Try again later' })
    await api('POST', `/drafts/${id}/send`)
    await afterWindow()
    expect(toInterviewer()).toHaveLength(0)
    const waiting = (await api('GET', `/drafts/${id}`)).json() as { queued: { state: string } }
    expect(waiting.queued.state).toBe('queued')
    ctx.clock.advance(60_000)
    await ctx.app.reminderDispatcher.runDuePass()
    expect(toInterviewer()).toHaveLength(1)
    expect((await api('GET', `/drafts/${id}`)).json()).toMatchObject({ state: 'sent' })
  })

  it('gives up a permanent refusal and leaves the note a draft with the reason', async () => {
    const id = await draftId('thank_you')
    peer.next({ kind: 'reject', code: 550, message: 'No such user', stage: 'rcpt' })
    await api('POST', `/drafts/${id}/send`)
    await afterWindow()
    expect((await api('GET', `/drafts/${id}`)).json()).toMatchObject({
      state: 'draft',
      queued: null,
      lastErrorKind: 'permanent',
      canSend: true,
    })
    expect(interviewState(ctx.app, seed.interviewId).follow_up_state).toBe('open')
  })

  it('queues once when two sends race', async () => {
    const id = await draftId('thank_you')
    const results = await Promise.all([api('POST', `/drafts/${id}/send`), api('POST', `/drafts/${id}/send`)])
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    await afterWindow()
    expect(toInterviewer()).toHaveLength(1)
  })
})

const GRACE = { interviewers: [{ name: 'Grace Hopper', email: 'grace@example.com' }] }

describe('sending without an undo window', () => {
  it('goes out before the answer when SEND_UNDO_SECONDS is 0', async () => {
    const peer = await new SmtpPeer().start()
    const { ctx, agent, seed } = await adasDesk(GRACE, {
      mailTransport: peer.url,
      env: { SEND_UNDO_SECONDS: '0' },
    })
    try {
      const token = await createToken(agent)
      const url = `/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/notes/thank_you/send`
      const response = await tokenApi(ctx, token, 'POST', url)
      expect(response.statusCode, response.body).toBe(200)
      expect(response.json()).toMatchObject({ state: 'sent', queued: null })
      expect(peer.received.filter((m) => m.envelope.to.includes('grace@example.com'))).toHaveLength(1)
    } finally {
      await ctx.close()
      await peer.stop()
    }
  })
})

describe('sending without SMTP', () => {
  it('is refused with a way forward, and the page offers the other hand-offs', async () => {
    const { ctx, agent, seed } = await adasDesk(GRACE)
    try {
      const token = await createToken(agent)
      const page = await agent.get(`/interviews/${seed.interviewId}/drafts`)
      expect(page.body).not.toContain('Send from Debrief')
      expect(page.body).not.toMatch(/name="action" value="send"/)
      // The note's primary actions are then copying it and recording it as sent.
      expect(page.body).toMatch(/data-copy="#body-[\w-]+" id="next-note" autofocus>Copy text<\/button>/)
      expect(page.body).toMatch(/form="editor-[\w-]+" name="action" value="mark">Mark as sent<\/button>/)
      expect(page.body).toContain('Sending from Debrief is off')
      const url = `/interviews/${seed.interviewId}/interviewers/${seed.interviewerIds[0]}/notes/thank_you/send`
      const response = await tokenApi(ctx, token, 'POST', url)
      expect(response.statusCode).toBe(409)
      expect(response.json().message).toContain('SMTP_URL')
      expect(ctx.app.db.prepare('SELECT count(*) FROM mailbox').pluck().get()).toBe(0)
    } finally {
      await ctx.close()
    }
  })
})
