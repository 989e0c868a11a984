import { describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { createToken, signUp } from '../helpers/agent.js'
import { closeAfterEach, createTestApp, type TestContext } from '../helpers/app.js'
import { seedAda } from '../helpers/exportFixtures.js'
import { userIdOf } from '../helpers/insightFixtures.js'
import { api, importJob } from '../helpers/tokenApi.js'

const without = (doc: ExportDocument) => ({ ...doc, exportedAt: '(any)' })

describe('export and import', () => {
  let ctx: TestContext
  closeAfterEach(() => ctx)

  it('round-trips: export → import into a fresh account → export gives the same document', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const { ada, token } = await seedAda(ctx)

    const exported = await api(ctx, token, 'GET', '/export')
    expect(exported.statusCode).toBe(200)
    const doc = exported.json() as ExportDocument
    expect(doc).toMatchObject({
      format: 'debrief-export',
      version: 4,
      user: { name: 'Ada Lovelace', timeZone: 'Europe/Berlin' },
    })
    expect(doc.interviews).toHaveLength(7)
    expect(doc.drafts).toHaveLength(2)
    expect(doc.askQuestions).toHaveLength(4)
    expect(doc.reminderSettings).toEqual({
      leads: [300, 60],
      researchEnabled: false,
      overdueEnabled: true,
      quietHours: null,
      email: 'alerts@example.com',
      emailEnabled: true,
    })
    const future = doc.interviews.find((i) => i.company.startsWith('Future'))!
    expect(future.questions[0]!.interviewerIndex).toBe(1)
    expect(future.questions[1]!.interviewerIndex).toBeNull()
    const acme = doc.interviews.find((i) => i.company === 'Acme')!
    expect(acme.asked.map((a) => [a.askQuestionIndex, a.answerHeard])).toEqual([
      [0, 'Mostly compliance, some infra.'],
      [3, ''],
    ])
    // Nothing that identifies rows or grants access.
    const raw = exported.body
    for (const secret of ['"id"', 'userId', 'password', 'token', 'session', 'messageKey', 'message_key'])
      expect(raw).not.toContain(secret)

    // The page download is the same document.
    const page = await ada.get('/settings/data/export.json')
    expect(page.statusCode).toBe(200)
    expect(page.headers['content-disposition']).toBe('attachment; filename="debrief-export-2026-03-02.json"')
    expect(JSON.parse(page.body)).toEqual(doc)

    ctx.clock.advance(3_600_000)
    const bob = await signUp(ctx.app, { email: 'bob@example.com', name: 'Bob', timeZone: 'UTC' })
    const bobToken = await createToken(bob)
    const imported = await importJob(ctx, bobToken, doc)
    expect(imported).toMatchObject({
      state: 'done',
      total: 7,
      processed: 7,
      imported: { interviews: 7, interviewers: 6, questions: 14, asked: 2, askQuestions: 1, drafts: 2 },
      skippedInterviews: 0,
      error: null,
    })

    const again = (await api(ctx, bobToken, 'GET', '/export')).json() as ExportDocument
    expect(again.exportedAt).toBe('2026-03-02T16:00:00.000Z')
    expect(without(again)).toEqual(without(doc))

    // Reminders were planned from the imported times and settings.
    const bobId = userIdOf(ctx.app.db, 'bob@example.com')
    const futureId = ctx.app.db
      .prepare("SELECT id FROM interviews WHERE user_id = ? AND company LIKE 'Future%'")
      .pluck()
      .get(bobId) as number
    const planned = ctx.app.repos.reminders.listForInterview(bobId, futureId)
    expect(
      planned
        .filter((r) => r.kind === 'deadline')
        .map((r) => r.lead)
        .sort((a, b) => b - a),
    ).toEqual([300, 60])
    expect(planned.some((r) => r.kind === 'research')).toBe(false)

    // Importing the same file twice adds nothing.
    const twice = await importJob(ctx, bobToken, doc)
    expect(twice).toMatchObject({
      state: 'done',
      imported: { interviews: 0, interviewers: 0, questions: 0, asked: 0, askQuestions: 0, drafts: 0 },
      skippedInterviews: 7,
    })
    expect(without((await api(ctx, bobToken, 'GET', '/export')).json())).toEqual(without(doc))
  })

  it('imports through the settings page form, reporting what was added', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const { ada } = await seedAda(ctx)
    const file = (await ada.get('/settings/data/export.json')).body

    const carol = await signUp(ctx.app, { email: 'carol@example.com' })
    const page = await carol.get('/settings/data')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<textarea id="import-document" name="document"')
    expect(page.body).toContain('<script src="/public/js/import.js" defer></script>')
    const response = await carol.submit('/settings/data/import', { document: file }, '/settings/data')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/settings/data')
    // The page follows the import until it has finished (a file this small is done at once).
    let after = await carol.get('/settings/data')
    for (let i = 0; i < 200 && after.body.includes('id="import-progress"'); i++) {
      expect(after.headers.refresh).toBe('2')
      await new Promise((resolve) => setTimeout(resolve, 25))
      after = await carol.get('/settings/data')
    }
    expect(after.headers.refresh).toBeUndefined()
    expect(after.body).toContain('Imported 7 interviews, 6 interviewers, 14 questions and 2 drafts.')
    // The outcome is shown once.
    expect((await carol.get('/settings/data')).body).not.toContain('Imported 7 interviews')
    const carolDoc = JSON.parse((await carol.get('/settings/data/export.json')).body)
    expect(carolDoc).toEqual(JSON.parse(file))
  })

  it('requires a login for every export and import route', async () => {
    ctx = await createTestApp({ scheduler: false })
    for (const url of ['/settings/data', '/settings/data/export.json', '/settings/data/questions.csv'])
      expect((await ctx.app.inject({ url })).statusCode, url).toBe(302)
    // A visitor without a session is sent to log in before anything else is looked at.
    const post = await ctx.app.inject({ method: 'POST', url: '/settings/data/import', payload: {} })
    expect(post.statusCode).toBe(302)
    expect(post.headers.location).toMatch(/^\/login\?next=/)
    expect((await ctx.app.inject({ url: '/api/v1/export' })).statusCode).toBe(401)
    expect((await ctx.app.inject({ method: 'POST', url: '/api/v1/import', payload: {} })).statusCode).toBe(
      401,
    )
    expect((await ctx.app.inject({ url: '/api/v1/imports/1' })).statusCode).toBe(401)
  })
})
