import { describe, expect, it } from 'vitest'
import { type Agent, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const cleanups = cleanupAfterEach()

async function app(): Promise<Ctx> {
  const ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
  cleanups.push(() => ctx.close())
  return ctx
}

async function user(ctx: Ctx, email: string) {
  const agent = await signUp(ctx.app, { email, name: email.split('@')[0], timeZone: 'UTC' })
  return { agent, id: ctx.app.repos.users.findByEmail(email)!.id }
}

const deliver = (ctx: Ctx, userId: number, subject: string, html?: string) =>
  ctx.app.mailer.send({
    userId,
    to: { address: 'ada@example.com' },
    subject,
    text: `${subject}\n\nPlain text part.`,
    ...(html === undefined ? {} : { html }),
  })

/** The unread count in the nav of a page, or null when the nav shows none. */
async function badge(agent: Agent, url = '/'): Promise<number | null> {
  const page = await agent.get(url)
  expect(page.statusCode).toBe(200)
  const match = /id="nav-mailbox-unread">(\d+)</.exec(page.body)
  return match ? Number(match[1]) : null
}

async function messageIds(agent: Agent): Promise<number[]> {
  const list = await agent.get('/mailbox')
  return [...list.body.matchAll(/href="\/mailbox\/(\d+)"/g)].map((m) => Number(m[1]))
}

describe('unread mail in the Mailbox', () => {
  it('counts unread messages in the nav, and opening or marking them clears the count', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    const bob = await user(ctx, 'bob@example.com')
    expect(await badge(ada.agent)).toBeNull()

    await deliver(ctx, ada.id, 'First')
    await deliver(ctx, ada.id, 'Second')
    await deliver(ctx, ada.id, 'Third')
    expect(await badge(ada.agent)).toBe(3)
    expect(await badge(ada.agent, '/settings')).toBe(3)
    expect(await badge(bob.agent)).toBeNull()

    const [third, second] = await messageIds(ada.agent)
    // Showing a message does not write; its page carries the form that marks it read.
    const shown = await ada.agent.get(`/mailbox/${third}`)
    expect(shown.body).toContain(`action="/mailbox/${third}/read"`)
    expect(await badge(ada.agent)).toBe(3)

    const read = await ada.agent.submit(`/mailbox/${third}/read`, {}, `/mailbox/${third}`)
    expect(read.statusCode).toBe(303)
    expect(read.headers.location).toBe(`/mailbox/${third}`)
    expect(await badge(ada.agent)).toBe(2)
    expect((await ada.agent.get(`/mailbox/${third}`)).body).not.toContain(`action="/mailbox/${third}/read"`)

    // Marking twice counts once; somebody else's message is not there to mark.
    expect((await ada.agent.submit(`/mailbox/${third}/read`, {}, `/mailbox/${second}`)).statusCode).toBe(303)
    expect(await badge(ada.agent)).toBe(2)
    const foreign = await bob.agent.submit(`/mailbox/${second}/read`, {}, '/mailbox')
    expect(foreign.statusCode).toBe(404)
    expect(await badge(ada.agent)).toBe(2)

    const list = await ada.agent.get('/mailbox')
    expect(list.body).toContain('2 unread')
    const all = await ada.agent.submit('/mailbox/read-all', {}, '/mailbox')
    expect(all.statusCode).toBe(303)
    const after = await ada.agent.get('/mailbox')
    expect(after.body).toContain('Marked 2 messages as read.')
    expect(after.body).not.toContain('Mark all read')
    expect(await badge(ada.agent)).toBeNull()

    await deliver(ctx, ada.id, 'Fourth')
    expect(await badge(ada.agent)).toBe(1)
  })

  it('refuses to mark read without the form token', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    await deliver(ctx, ada.id, 'First')
    const [id] = await messageIds(ada.agent)
    const forged = await ada.agent.submit(`/mailbox/${id}/read`, { _csrf: 'forged' })
    expect(forged.statusCode).toBe(403)
    expect(await badge(ada.agent)).toBe(1)
  })
})

describe('a message shown in the Mailbox', () => {
  const HOSTILE = `<!doctype html><html><head><title>T</title><style>body{display:none}</style></head>
<body><p onclick="steal()">Dear <b>Ada</b></p><script>steal()</script>
<img src="https://tracker.example/pixel.gif"><a href="javascript:steal()">click</a>
<a href="https://debrief.example.com/interviews/1" target="_blank">Open the interview</a></body></html>`

  it('shows the HTML part stripped of scripts, images, handlers and javascript: links', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    await deliver(ctx, ada.id, 'Hostile', HOSTILE)
    const [id] = await messageIds(ada.agent)
    const page = await ada.agent.get(`/mailbox/${id}`)
    expect(page.statusCode).toBe(200)
    const body = /<div class="mail-body" id="mail-body">([\s\S]*?)<\/div>/.exec(page.body)?.[1] ?? ''
    expect(body).toContain('<p>Dear <b>Ada</b></p>')
    expect(body).toContain(
      '<a href="https://debrief.example.com/interviews/1" rel="noopener noreferrer">Open the interview</a>',
    )
    for (const gone of [
      'steal',
      '<script',
      '<img',
      'tracker.example',
      'onclick',
      'javascript:',
      '<style',
      'target=',
    ]) {
      expect(body, gone).not.toContain(gone)
    }
    expect(page.body).not.toContain('<pre class="mail">')
    // The only scripts on the page are the app's own files.
    // (named by content hash or plainly, depending on how the view links them).
    expect([...page.body.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual([
      expect.stringMatching(/^<script src="\/public\/js\/app(\.[0-9a-f]{8})?\.js" defer>$/),
      expect.stringMatching(/^<script src="\/public\/js\/mailbox(\.[0-9a-f]{8})?\.js" defer>$/),
    ])
  })

  it('falls back to the text part, escaped, when there is no HTML part', async () => {
    const ctx = await app()
    const ada = await user(ctx, 'ada@example.com')
    await deliver(ctx, ada.id, 'Plain <b>bold</b>')
    const [id] = await messageIds(ada.agent)
    const page = await ada.agent.get(`/mailbox/${id}`)
    expect(page.body).toContain(
      '<div class="mail-body mail-text" id="mail-body">Plain &lt;b&gt;bold&lt;/b&gt;\n\nPlain text part.</div>',
    )
  })
})
