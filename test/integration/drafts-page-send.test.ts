import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Agent, decodeHtml } from '../helpers/agent.js'
import { adasDesk, type Desk } from '../helpers/draftDesk.js'
import { type DebriefSeed, interviewerState } from '../helpers/draftFixtures.js'
import { SmtpPeer } from '../helpers/smtp.js'

/**
 * What the browser posts when the button with this id is pressed: the fields of the form the
 * button names (its form= attribute), with the button's own name and value.
 */
function pressed(html: string, buttonId: string): { url: string; fields: Record<string, string> } {
  const button = new RegExp(
    `<button type="submit" form="([\\w-]+)" name="action" value="(\\w+)" id="${buttonId}"`,
  ).exec(html)
  if (!button) throw new Error(`no submit button #${buttonId} on the page`)
  const [, formId, action] = button
  const form = new RegExp(`<form method="post" action="([^"]+)"[^>]*id="${formId}">([\\s\\S]*?)</form>`).exec(
    html,
  )
  if (!form) throw new Error(`no form #${formId}`)
  const fields: Record<string, string> = { action: action! }
  for (const [, name, value] of form[2]!.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)) {
    fields[name!] = decodeHtml(value!)
  }
  fields.subject = decodeHtml(/name="subject" type="text" value="([^"]*)"/.exec(form[2]!)![1]!)
  fields.body = decodeHtml(/name="body"[^>]*>([^<]*)<\/textarea>/.exec(form[2]!)![1]!)
  return { url: decodeHtml(form[1]!), fields }
}

const flashOf = (html: string) => {
  const match = /<p class="flash[^"]*" role="\w+" id="flash"(?: data-focus="([\w-]+)")?>([^<]*)<\/p>/.exec(
    html,
  )
  return match ? { focus: match[1] ?? null, message: decodeHtml(match[2]!) } : null
}

/** An app that sends through a peer on 127.0.0.1 after a 10 s undo window, with Ada signed in and her debrief seeded. */
async function sendingDesk(debrief: DebriefSeed) {
  const peer = await new SmtpPeer().start()
  const desk = await adasDesk(debrief, {
    mailTransport: peer.url,
    env: { MAIL_FROM: 'Debrief <debrief@debrief.example>', SEND_UNDO_SECONDS: '10' },
  })
  return { peer, ...desk }
}

describe('sending from the drafts page', () => {
  let ctx: Desk['ctx']
  let peer: SmtpPeer
  let agent: Agent
  let seed: Desk['seed']
  const page = () => `/interviews/${seed.interviewId}/drafts`
  const queuedCount = () => ctx.app.db.prepare('SELECT count(*) FROM outgoing_drafts').pluck().get()
  afterEach(async () => {
    await ctx?.close()
    await peer?.stop()
  })

  describe('one click per note, with the undo window', () => {
    const afterWindow = async () => {
      ctx.clock.advance(10_001)
      await ctx.app.reminderDispatcher.runDuePass()
    }
    /** Presses the next note's primary button as the page shows it, and follows the redirect. */
    const sendNext = async () => {
      const html = (await agent.get(page())).body
      const { url, fields } = pressed(html, 'next-note')
      const response = await agent.submit(url, fields, page())
      expect(response.statusCode, response.body).toBe(303)
      return (await agent.get(response.headers.location as string)).body
    }

    beforeEach(async () => {
      ;({ peer, ctx, agent, seed } = await sendingDesk({
        interviewers: [
          { name: 'Dana Ruiz', email: 'dana@example.com' },
          { name: 'Grace Hopper', email: 'grace@example.com' },
        ],
        questions: [{ by: 0, text: 'How does a B-tree stay balanced?', answer: 'Nodes split and merge.' }],
      }))
      // The passes that send the notes would send due reminders too; these tests are about the notes.
      ctx.app.db.prepare("UPDATE reminders SET state = 'cancelled'").run()
    })

    it('shows what goes to whom beside one Send button, combined by default where both are owed', async () => {
      const html = (await agent.get(page())).body
      const dana = html.split('<article class="draft"').find((a) => a.includes('id="next-note"'))!
      expect(dana).toContain('data-kind="combined"')
      expect(dana).toContain('<dd data-field="to">Dana Ruiz &lt;dana@example.com&gt;</dd>')
      expect(dana).toContain(
        '<dd data-field="from">&quot;Ada Lovelace via Debrief&quot; &lt;debrief@debrief.example&gt;</dd>',
      )
      expect(dana).toContain('<dd data-field="reply-to">Ada Lovelace &lt;ada@example.com&gt;</dd>')
      expect(html).toMatch(/id="next-note" autofocus>Send to dana@example.com<\/button>/)
      expect(html).toContain('Send as two e-mails instead')
    })

    it('queues exactly one send per click, says so with Undo, and focuses the next note, then all sent', async () => {
      let html = await sendNext()
      expect(queuedCount()).toBe(1)
      expect(flashOf(html)).toEqual({
        focus: 'next-note',
        message: 'Sending to Dana Ruiz in 10 s — Undo is on the note.',
      })
      expect(html).toMatch(/data-testid="undo-\d+"/)
      expect(html).toMatch(/id="next-note" autofocus>Send to grace@example.com<\/button>/)
      expect(html).toContain('1/2 notes sent')
      expect(peer.received).toHaveLength(0)

      html = await sendNext()
      expect(queuedCount()).toBe(2)
      expect(flashOf(html)).toEqual({
        focus: 'all-sent',
        message: 'Sending to Grace Hopper in 10 s — Undo is on the note.',
      })
      expect(html).toMatch(/id="all-sent"[^>]*>[\s\S]*All notes sent or on their way\./)
      expect(html).not.toContain('id="next-note"')

      await afterWindow()
      await afterWindow()
      const to = (address: string) => peer.received.filter((m) => m.envelope.to.includes(address))
      expect(to('dana@example.com')).toHaveLength(1)
      expect(to('dana@example.com')[0]!.parsed.text).toContain('Nodes split and merge.')
      expect(to('grace@example.com')).toHaveLength(1)
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!).answers_sent_at).not.toBeNull()
      html = (await agent.get(page())).body
      expect(html).toMatch(/id="all-sent"[^>]*>[\s\S]*All notes sent\./)
      expect(html).toContain('2/2 notes sent')
    })

    it('undo inside the window sends nothing, and focus returns to the note, owed again', async () => {
      let html = await sendNext()
      const undo = /<form method="post" action="(\/drafts\/\d+\/undo)"/.exec(html)![1]!
      const undone = await agent.submit(undo, {}, page())
      expect(undone.statusCode).toBe(303)
      html = (await agent.get(undone.headers.location as string)).body
      expect(flashOf(html)).toEqual({
        focus: 'next-note',
        message: "Not sent: Dana Ruiz's thank-you and answers stays a draft.",
      })
      expect(html).toMatch(/id="next-note" autofocus>Send to dana@example.com<\/button>/)
      await afterWindow()
      await afterWindow()
      expect(peer.received).toHaveLength(0)
      expect(interviewerState(ctx.app, seed.interviewerIds[0]!).thank_you_sent_at).toBeNull()
    })

    it('a second press of the same Send is refused: the note goes out once', async () => {
      const html = (await agent.get(page())).body
      const { url, fields } = pressed(html, 'next-note')
      expect((await agent.submit(url, fields, page())).statusCode).toBe(303)
      // The same form again (a double click, a resubmitted page), now against the stored note.
      const again = await agent.submit(url, fields, page())
      expect(again.statusCode).toBe(303)
      const after = (await agent.get(again.headers.location as string)).body
      expect(flashOf(after)?.message).toBe('This note is already queued to go out; it is not sent twice.')
      expect(queuedCount()).toBe(1)
      await afterWindow()
      expect(peer.received.filter((m) => m.envelope.to.includes('dana@example.com'))).toHaveLength(1)
    })
  })

  describe('what still stops a send', () => {
    beforeEach(async () => {
      ;({ peer, ctx, agent, seed } = await sendingDesk({
        interviewers: [{ name: 'Kai Wong' }, { name: 'Grace Hopper', email: 'grace@example.com' }],
      }))
    })

    it('a blocking check disables the button, and a forced post is refused with the reason', async () => {
      const html = (await agent.get(page())).body
      expect(html).toMatch(/id="next-note" autofocus disabled>Send to Kai Wong<\/button>/)
      expect(html).toMatch(/data-check="missing_email">Blocking: /)
      const kai = `/interviews/${seed.interviewId}/notes/${seed.interviewerIds[0]}/thank_you`
      const forced = await agent.submit(
        kai,
        { action: 'send', confirmed: 'yes', subject: 'Hi', body: 'Thanks' },
        page(),
      )
      expect(forced.statusCode).toBe(303)
      const after = (await agent.get(forced.headers.location as string)).body
      expect(flashOf(after)?.message).toMatch(/no email address/)
      expect(queuedCount()).toBe(0)
    })

    it('a send posted without the page’s own preview still stops at the confirmation page first', async () => {
      const grace = `/interviews/${seed.interviewId}/notes/${seed.interviewerIds[1]}/thank_you`
      const asked = await agent.submit(
        grace,
        { action: 'send', subject: 'Thanks', body: 'Thank you, Grace.' },
        page(),
      )
      expect(asked.statusCode).toBe(200)
      expect(asked.body).toContain('Send this note?')
      expect(asked.body).toContain('<dd data-field="to">Grace Hopper &lt;grace@example.com&gt;</dd>')
      expect(queuedCount()).toBe(0)
    })
  })
})
