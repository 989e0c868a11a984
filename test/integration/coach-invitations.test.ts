import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Agent, DEFAULT_PASSWORD } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { acceptInvitation, invitationToken, inviteCoach, userId } from '../helpers/coach.js'
import { signUpUser } from '../helpers/interviews.js'

const cleanups = cleanupAfterEach()
const DAY = 24 * 60 * 60 * 1000

async function setup(env: Record<string, string> = { SIGNUP: 'open' }) {
  const ctx = await createTestApp({ env })
  cleanups.push(ctx.close)
  const nia = await signUpUser(ctx.app, { email: 'nia@example.com', name: 'Nia Patel' })
  return { ...ctx, nia }
}

const links = (ctx: { app: { db: import('../../src/db/connection.js').Db } }) =>
  ctx.app.db.prepare('SELECT candidate_id, coach_id FROM coach_links ORDER BY id').all()

/** "Allow" pressed on a consent page fetched earlier is refused (409, saying `why`), and links nobody. */
async function expectAllowRefused(
  ctx: Awaited<ReturnType<typeof setup>>,
  coach: Agent,
  token: string,
  csrf: string,
  why: string,
) {
  const response = await coach.submit(`/coach/invite/${token}`, { allow: 'yes', _csrf: csrf })
  expect(response.statusCode).toBe(409)
  expect(response.body).toContain(why)
  expect(links(ctx)).toEqual([])
}

/** Signs up through /signup?invite=…, as someone who followed the link would. */
async function signUpInvited(ctx: Awaited<ReturnType<typeof setup>>, token: string, email: string) {
  const agent = new Agent(ctx.app)
  const form = await agent.get(`/signup?invite=${token}`)
  const response = await agent.request({
    method: 'POST',
    url: '/signup',
    payload: new URLSearchParams({
      name: 'Casey Coach',
      email,
      password: DEFAULT_PASSWORD,
      timeZone: 'UTC',
      invite: token,
      _csrf: form.statusCode === 200 ? await agent.csrf() : 'none',
    }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    remoteAddress: `10.9.0.${email.length}`,
  })
  return { agent, form, response }
}

describe('a candidate invites a coach', () => {
  it('shows the link to copy without SMTP, stores only its SHA-256, and links nothing before the coach accepts', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com', name: 'Casey' })
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    const stored = ctx.app.db
      .prepare('SELECT token_hash, email, expires_at - created_at AS life FROM coach_invitations')
      .get() as {
      token_hash: string
      email: string
      life: number
    }
    expect(stored.token_hash).toBe(createHash('sha256').update(token).digest('hex'))
    expect(JSON.stringify(ctx.app.db.prepare('SELECT * FROM coach_invitations').all())).not.toContain(token)
    expect(stored.life).toBe(7 * DAY)

    const consent = await casey.get(`/coach/invite/${token}`)
    expect(consent.statusCode).toBe(200)
    expect(consent.body).toContain('Nia Patel invites you to be their coach')
    expect(consent.body).toContain('their Mailbox')
    expect(links(ctx)).toEqual([])

    const accepted = await acceptInvitation(casey, token)
    expect(accepted.statusCode).toBe(302)
    expect(accepted.headers.location).toBe('/coach')
    expect(links(ctx)).toEqual([
      { candidate_id: userId(ctx.app, 'nia@example.com'), coach_id: userId(ctx.app, 'casey@example.com') },
    ])
    expect((await casey.get('/coach')).body).toContain('You are now Nia Patel’s coach.')
    const settings = await ctx.nia.get('/settings/coach')
    expect(settings.body).toContain('casey@example.com')
    expect(settings.body).toContain('Revoke access')
  })

  it('e-mails the link when SMTP is configured', async () => {
    const sent: { to: unknown; text: string }[] = []
    const transport = {
      sendMail: async (mail: { to: unknown; text: string; messageId?: string }) => {
        sent.push(mail)
        return { messageId: mail.messageId, response: '250 OK' }
      },
      close: () => {},
    }
    const ctx = await createTestApp({ env: { SIGNUP: 'open' }, mailTransport: transport as never })
    cleanups.push(ctx.close)
    const nia = await signUpUser(ctx.app, { email: 'nia@example.com', name: 'Nia Patel' })
    const response = await nia.submit(
      '/settings/coach/invite',
      { email: 'casey@example.com' },
      '/settings/coach',
    )
    expect(response.statusCode).toBe(200)
    expect(response.body).toContain('Invitation e-mailed to casey@example.com')
    expect(response.body).not.toContain('/coach/invite/')
    expect(sent).toHaveLength(1)
    expect(JSON.stringify(sent[0]!.to)).toContain('casey@example.com')
    expect(sent[0]!.text).toMatch(/\/coach\/invite\/dbi_[A-Za-z0-9_-]+/)
  })

  it('refuses an address that is not one e-mail address, or the candidate’s own', async () => {
    const ctx = await setup()
    for (const email of ['not an address', 'nia@example.com']) {
      const response = await ctx.nia.submit('/settings/coach/invite', { email }, '/settings/coach')
      expect(response.statusCode, email).toBe(400)
    }
    expect(ctx.app.db.prepare('SELECT count(*) FROM coach_invitations').pluck().get()).toBe(0)
  })
})

describe('an invitation link', () => {
  it('works once: a second account gets "already used"', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com' })
    const dana = await signUpUser(ctx.app, { email: 'dana@example.com' })
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    expect((await acceptInvitation(casey, token)).statusCode).toBe(302)
    const again = await dana.get(`/coach/invite/${token}`)
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('already been used')
    expect(links(ctx)).toHaveLength(1)
  })

  it('expires after 7 days', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com' })
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    ctx.clock.advance(7 * DAY - 1000)
    expect((await casey.get(`/coach/invite/${token}`)).statusCode).toBe(200)
    const csrf = await casey.csrf()
    ctx.clock.advance(2000)
    await expectAllowRefused(ctx, casey, token, csrf, 'expired')
  })

  it('answers 404 to a wrong token', async () => {
    const ctx = await setup()
    await inviteCoach(ctx.nia, 'casey@example.com')
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com' })
    const wrong = await casey.get(`/coach/invite/dbi_${'A'.repeat(43)}`)
    expect(wrong.statusCode).toBe(404)
    expect(wrong.body).toContain('not valid')
  })

  it('stops working once withdrawn, even from an open consent page', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com' })
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    await casey.get(`/coach/invite/${token}`)
    const csrf = await casey.csrf()
    const id = ctx.app.db.prepare('SELECT id FROM coach_invitations').pluck().get() as number
    const withdrawn = await ctx.nia.submit(`/settings/coach/invitations/${id}/revoke`, {}, '/settings/coach')
    expect(withdrawn.statusCode).toBe(302)
    await expectAllowRefused(ctx, casey, token, csrf, 'withdrawn')
  })

  it('needs the explicit "Allow": a POST without it links nothing', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com' })
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    const response = await casey.submit(`/coach/invite/${token}`, {}, `/coach/invite/${token}`)
    expect(response.statusCode).toBe(400)
    expect(links(ctx)).toEqual([])
  })

  it('cannot be accepted by its own sender', async () => {
    const ctx = await setup()
    const token = await inviteCoach(ctx.nia, 'casey@example.com')
    expect((await ctx.nia.get(`/coach/invite/${token}`)).body).toContain('This is your own invitation')
    expect((await acceptInvitation(ctx.nia, token)).statusCode).toBe(409)
    expect(links(ctx)).toEqual([])
  })
})

describe('sign-up through an invitation while SIGNUP=closed', () => {
  it('creates the recipient’s account, one account per link, then asks for the acceptance', async () => {
    const ctx = await createTestApp({ env: { SIGNUP: 'closed' } })
    cleanups.push(ctx.close)
    // The very first account may always be created.
    const nia = await signUpUser(ctx.app, { email: 'nia@example.com', name: 'Nia Patel' })
    const token = await inviteCoach(nia, 'casey@example.com')

    const visitor = new Agent(ctx.app)
    expect((await visitor.get('/signup')).statusCode).toBe(403)
    const login = await visitor.get(`/coach/invite/${token}`)
    expect(login.statusCode).toBe(302)
    const loginPage = await visitor.get(login.headers.location as string)
    expect(loginPage.body).toContain(`/signup?invite=${token}`)

    const first = await signUpInvited(ctx as never, token, 'casey@example.com')
    expect(first.form.statusCode).toBe(200)
    expect(first.response.statusCode).toBe(302)
    expect(first.response.headers.location).toBe(`/coach/invite/${token}`)
    expect(links(ctx)).toEqual([])
    expect((await acceptInvitation(first.agent, token)).statusCode).toBe(302)
    expect(links(ctx)).toHaveLength(1)

    const second = await signUpInvited(ctx as never, token, 'mallory@example.com')
    expect(second.form.statusCode).toBe(403)
    expect(second.response.statusCode).toBe(403)
    expect(ctx.app.db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(2)
  })

  it('keeps a link that created an account for that account alone', async () => {
    const ctx = await createTestApp({ env: { SIGNUP: 'closed' } })
    cleanups.push(ctx.close)
    const nia = await signUpUser(ctx.app, { email: 'nia@example.com', name: 'Nia Patel' })
    const token = await inviteCoach(nia, 'casey@example.com')
    const invited = await signUpInvited(ctx as never, token, 'casey@example.com')
    expect(invited.response.statusCode).toBe(302)
    // A third account, made by the administrator, cannot take the link over.
    const created = await ctx.app.services.accounts.create({
      email: 'mallory@example.com',
      name: 'Mallory',
      password: DEFAULT_PASSWORD,
      timeZone: 'UTC',
    })
    expect(created.ok).toBe(true)
    const mallory = new Agent(ctx.app)
    const login = await mallory.logIn('mallory@example.com', DEFAULT_PASSWORD)
    expect(login.statusCode).toBe(302)
    const page = await mallory.get(`/coach/invite/${token}`)
    expect(page.statusCode).toBe(409)
    expect(page.body).toContain('belongs to the account that was created with it')
    expect((await acceptInvitation(mallory, token)).statusCode).toBe(409)
    expect(links(ctx)).toEqual([])
  })
})

describe('a coach hands out a link for candidates', () => {
  it('links the candidate who presses Allow, and the caseload lists them', async () => {
    const ctx = await setup()
    const casey = await signUpUser(ctx.app, { email: 'casey@example.com', name: 'Casey Coach' })
    const created = await casey.submit('/coach/invitations', {}, '/coach')
    expect(created.statusCode).toBe(200)
    const token = invitationToken(created.body)
    const consent = await ctx.nia.get(`/coach/invite/${token}`)
    expect(consent.body).toContain('Casey Coach would like to coach you')
    expect(consent.body).toContain('your API tokens')
    expect(consent.body).toContain('Allow Casey Coach to read my debrief')
    const allowed = await acceptInvitation(ctx.nia, token)
    expect(allowed.headers.location).toBe('/settings/coach')
    expect(links(ctx)).toEqual([
      { candidate_id: userId(ctx.app, 'nia@example.com'), coach_id: userId(ctx.app, 'casey@example.com') },
    ])
    expect((await casey.get('/coach')).body).toContain('View Nia Patel’s debrief')
  })
})
