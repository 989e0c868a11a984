import { describe, expect, it } from 'vitest'
import { createToken } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { linkCoach, member, startViewing } from '../helpers/coach.js'
import { interviewForm, signUpUser } from '../helpers/interviews.js'
import { api } from '../helpers/tokenApi.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const ctx = await createTestApp({ env: { SIGNUP: 'open' } })
  cleanups.push(ctx.close)
  const nia = await member(ctx.app, 'nia@example.com', 'Nia Patel', 'Asia/Tokyo')
  const casey = await member(ctx.app, 'casey@example.com', 'Casey Coach', 'UTC')
  const niaId = await linkCoach(ctx.app, nia, casey)
  const created = await nia.agent.submit(
    '/interviews',
    interviewForm({
      company: 'Globex',
      role: 'SRE',
      timeZone: 'UTC',
      startsAt: '2026-03-02T10:00',
      endsAt: '2026-03-02T11:00',
    }),
    '/interviews/new',
  )
  expect(created.statusCode).toBe(302)
  const interviewPath = created.headers.location as string
  const caseyToken = await createToken(casey.agent, 'coach')
  const caseyApi = (
    url: string,
    candidate: number | null,
    method: 'GET' | 'POST' | 'DELETE' = 'GET',
    payload?: object,
  ) =>
    api(
      ctx,
      caseyToken,
      method,
      url,
      payload,
      candidate === null ? {} : { 'debrief-candidate': String(candidate) },
    )
  return { ...ctx, nia: nia.agent, casey: casey.agent, niaId, interviewPath, api: caseyApi }
}

describe('a coach reading a candidate’s debrief', () => {
  it('shows the candidate’s data in the candidate’s time zone, read-only, until “Back to your own”', async () => {
    const t = await setup()
    await startViewing(t.casey, t.niaId)
    const home = await t.casey.get('/')
    expect(home.body).toContain('Nia Patel’s dashboard')
    expect(home.body).not.toContain('Log an interview')
    const page = await t.casey.get(t.interviewPath)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Globex — SRE')
    // The owner's zone, not the coach's: "Your time" is Nia's, in Tokyo (GMT+9).
    expect(page.body).toMatch(/Your time: [^<]*GMT\+9/)
    expect(page.body).toContain('id="viewing-banner"')

    const back = await t.casey.submit('/coach/stop', {}, '/')
    expect(back.headers.location).toBe('/coach')
    expect((await t.casey.get(t.interviewPath)).statusCode).toBe(404)
    expect((await t.casey.get('/')).body).toContain('Hello, Casey Coach')
  })

  it('refuses the candidate’s private pages with a plain message', async () => {
    const t = await setup()
    await startViewing(t.casey, t.niaId)
    for (const url of [
      '/settings',
      '/settings/coach',
      '/settings/calendar',
      '/settings/data',
      '/settings/reminders',
      '/mailbox',
      '/reminders',
      '/settings/data/export.json',
    ]) {
      const response = await t.casey.get(url)
      expect(response.statusCode, url).toBe(403)
      expect(response.body, url).toContain('stays private to its owner')
    }
  })

  it('keeps the candidate’s reminders and where they go off the interview page and out of the API', async () => {
    const t = await setup()
    const interviewId = /\/interviews\/(\d+)/.exec(t.interviewPath)![1]
    expect((await t.nia.get(t.interviewPath)).body).toContain('id="reminders"')
    await startViewing(t.casey, t.niaId)
    const page = await t.casey.get(t.interviewPath)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Globex — SRE')
    expect(page.body).not.toContain('id="reminders"')
    const listed = await t.api(`/interviews/${interviewId}/reminders`, t.niaId)
    expect(listed.statusCode).toBe(403)
    expect(listed.json().message).toContain('stays private to its owner')
  })

  it('ends on the coach’s next page load after the candidate revokes, then falls back to the coach’s own', async () => {
    const t = await setup()
    await startViewing(t.casey, t.niaId)
    expect((await t.casey.get(t.interviewPath)).statusCode).toBe(200)
    const settings = await t.nia.get('/settings/coach')
    const coachId = /action="\/settings\/coach\/(\d+)\/revoke"/.exec(settings.body)?.[1]
    expect(coachId).toBeDefined()
    const revoked = await t.nia.submit(`/settings/coach/${coachId}/revoke`, {}, '/settings/coach')
    expect(revoked.statusCode).toBe(302)
    expect((await t.nia.get('/settings/coach')).body).toContain('Nobody: your debrief is yours alone')

    const refused = await t.casey.get(t.interviewPath)
    expect(refused.statusCode).toBe(403)
    expect(refused.body).toContain('no longer shared with you')
    expect(refused.body).not.toContain('Globex')
    expect((await t.casey.get(t.interviewPath)).statusCode).toBe(404)
    expect((await t.casey.get('/')).body).toContain('Hello, Casey Coach')
    expect((await t.api('/interviews', t.niaId)).statusCode).toBe(404)
  })
})

describe('the API with Debrief-Candidate', () => {
  it('reads a linked candidate’s interviews with the coach’s own token, and refuses writes', async () => {
    const t = await setup()
    const own = await t.api('/interviews', null)
    expect(own.json().items ?? own.json()).toHaveLength(0)
    const theirs = await t.api('/interviews', t.niaId)
    expect(theirs.statusCode).toBe(200)
    expect(JSON.stringify(theirs.json())).toContain('Globex')
    const write = await t.api('/ask-questions', t.niaId, 'POST', { text: 'Sneaky?' })
    expect(write.statusCode).toBe(403)
    expect(write.json().message).toContain('read-only')
    const me = await t.api('/me', t.niaId)
    expect(me.statusCode).toBe(403)
  })

  it('lists the caseload, the candidate’s coaches and the views log, and revokes through the API', async () => {
    const t = await setup()
    await t.api('/interviews', t.niaId)
    const caseload = await t.api('/coach/caseload', null)
    expect(caseload.statusCode).toBe(200)
    expect(caseload.json()).toMatchObject([{ candidate: { id: t.niaId, name: 'Nia Patel' }, overdue: 0 }])
    const niaToken = await createToken(t.nia, 'nia')
    const asNia = (url: string, method: 'GET' | 'DELETE' | 'POST' = 'GET', payload?: object) =>
      t.app.inject({
        method,
        url: `/api/v1${url}`,
        headers: { authorization: `Bearer ${niaToken}` },
        ...(payload ? { payload } : {}),
      })
    const coaches = (await asNia('/coach/coaches')).json()
    expect(coaches).toMatchObject([{ name: 'Casey Coach', email: 'casey@example.com' }])
    expect((await asNia('/coach/views')).json()).toMatchObject([
      { coachName: 'Casey Coach', what: 'API /api/v1/interviews' },
    ])

    const invited = await asNia('/coach/invitations', 'POST', { role: 'coach', email: 'dana@example.com' })
    expect(invited.statusCode).toBe(201)
    expect(invited.json()).toMatchObject({ mailed: false })
    expect((await asNia('/coach/invitations')).json()).toMatchObject([
      { role: 'coach', email: 'dana@example.com' },
    ])
    expect((await asNia(`/coach/invitations/${invited.json().id}`, 'DELETE')).statusCode).toBe(204)
    expect((await asNia('/coach/invitations')).json()).toEqual([])

    expect((await asNia(`/coach/coaches/${coaches[0].id}`, 'DELETE')).statusCode).toBe(204)
    expect((await t.api('/interviews', t.niaId)).statusCode).toBe(404)
    expect((await t.api('/coach/caseload', null)).json()).toEqual([])
  })

  it('declares Debrief-Candidate in OpenAPI on the operations that honour it, not on private ones', async () => {
    const t = await setup()
    type Operation = { parameters?: { $ref?: string }[] }
    const doc = (await t.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>
      components: { parameters: Record<string, { name: string; in: string }> }
    }
    expect(doc.components.parameters.DebriefCandidate).toMatchObject({
      name: 'Debrief-Candidate',
      in: 'header',
    })
    const declares = (path: string, method: string) =>
      (doc.paths[path]![method]!.parameters ?? []).some(
        (p) => p.$ref === '#/components/parameters/DebriefCandidate',
      )
    expect(declares('/api/v1/interviews', 'get')).toBe(true)
    expect(declares('/api/v1/interviews/{id}', 'get')).toBe(true)
    expect(declares('/api/v1/me', 'get')).toBe(false)
    expect(declares('/api/v1/export', 'get')).toBe(false)
    expect(declares('/api/v1/interviews/{id}/reminders', 'get')).toBe(false)
    expect(declares('/api/v1/coach/caseload', 'get')).toBe(false)
    // What the document says holds: the header reads the candidate's interviews.
    const listed = await t.api('/interviews', t.niaId)
    expect(JSON.stringify(listed.json())).toContain('Globex')
  })

  it('accepts a coach’s candidate link through the API', async () => {
    const t = await setup()
    const dana = await signUpUser(t.app, { email: 'dana@example.com', name: 'Dana' })
    const danaToken = await createToken(dana, 'dana')
    const link = await t.api('/coach/invitations', null, 'POST', { role: 'candidate' })
    expect(link.statusCode).toBe(201)
    const token = /\/coach\/invite\/([A-Za-z0-9_-]+)$/.exec(link.json().url)?.[1]
    const accept = () => api(t, danaToken, 'POST', '/coach/invitations/accept', { token })
    const accepted = await accept()
    expect(accepted.statusCode).toBe(200)
    // Nia has a follow-up due (Globex ended four hours ago), so she comes first.
    expect(
      (await t.api('/coach/caseload', null))
        .json()
        .map((c: { candidate: { name: string } }) => c.candidate.name),
    ).toEqual(['Nia Patel', 'Dana'])
    const reused = await accept()
    expect(reused.statusCode).toBe(409)
  })
})
