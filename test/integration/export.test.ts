import { afterEach, describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { createToken, signUp } from '../helpers/agent.js'
import { createTestApp } from '../helpers/app.js'
import {
  type FixtureDraft,
  INSIGHT_FIXTURE,
  interviewerIds,
  seedDraft,
  seedInterviews,
  tableCounts,
  userIdOf,
} from '../helpers/insightFixtures.js'
import { api, importJob } from '../helpers/tokenApi.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

/** Ada: the insight fixture, an upcoming interview with odd text, drafts, asked questions and reminder settings. */
async function seedAda(ctx: Ctx) {
  const ada = await signUp(ctx.app, {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    timeZone: 'Europe/Berlin',
  })
  const adaId = userIdOf(ctx.app.db, 'ada@example.com')
  const ids = seedInterviews(ctx.app.db, adaId, [
    ...INSIGHT_FIXTURE,
    {
      company: 'Future "Quoted" Co',
      role: 'Lead, Platform',
      kind: 'panel',
      startsAt: '2026-03-03T14:00:00Z',
      endsAt: '2026-03-03T15:30:00Z',
      timeZone: 'Europe/Berlin',
      location: 'Berlin; 3rd floor',
      jobUrl: 'https://example.com/jobs/1',
      notes: 'Line 1\nLine 2 — ünïcode ✓ 🎉',
      interviewers: [
        { name: 'Eve', title: 'CTO', email: 'eve@example.com', topics: ['Leadership'] },
        { name: 'Mallory', thankYouSentAt: '2026-03-01T10:00:00Z' },
      ],
      questions: [
        {
          text: '=cmd|" /C calc"!A0',
          confidence: 'missed',
          topics: ['Security', 'CSV'],
          interviewerIndex: 1,
          myAnswer: 'I said "no",\r\nthen hesitated',
          researchedAnswer: 'Prefix formulas with an apostrophe.',
          sources: ['https://owasp.org/www-community/attacks/CSV_Injection', 'https://example.com/b'],
          researched: true,
        },
        { text: 'Unattributed question', confidence: 'shaky', interviewerIndex: null },
        { text: '+1 for tabs', confidence: 'nailed', interviewerIndex: 0 },
        { text: '-2 for spaces', confidence: 'nailed' },
        { text: '@SUM(A1:A9)', confidence: 'nailed' },
        { text: '\tindented', confidence: 'nailed' },
      ],
    },
  ])
  const [acmeA, acmeB] = interviewerIds(ctx.app.db, ids[0]!) as [number, number]
  const acmeDraft = (interviewerId: number, draft: Omit<FixtureDraft, 'interviewId' | 'interviewerId'>) =>
    seedDraft(ctx.app.db, adaId, { interviewId: ids[0]!, interviewerId, ...draft })
  acmeDraft(acmeA, {
    kind: 'thank_you',
    subject: 'Thank you, Ada',
    body: 'Dear Ada,\n\nThanks!\n',
    sentAt: '2026-02-23T17:00:00Z',
    sentVia: 'debrief',
    messageId: '<debrief.draft.1.abc@example.com>',
    createdAt: '2026-02-23T16:00:00Z',
  })
  acmeDraft(acmeB, {
    kind: 'combined',
    tone: 'formal',
    subject: 'Following up',
    body: 'Dear Alan,\n\nMy edited text.\n',
    edited: true,
    createdAt: '2026-02-23T16:05:00Z',
  })
  const now = ctx.clock.now()
  const custom = ctx.app.repos.askQuestions.create(adaId, 'What does on-call look like?', now)
  const bank = ctx.app.repos.askQuestions.list(adaId)
  const asked = ctx.app.repos.askQuestions.ask(adaId, ids[0]!, bank[0]!.id, now)!
  ctx.app.repos.askQuestions.setAnswerHeard(adaId, asked.id, 'Mostly compliance, some infra.')
  ctx.app.repos.askQuestions.ask(adaId, ids[0]!, custom.id, now)
  ctx.app.repos.reminders.saveSettings(
    adaId,
    {
      leads: [300, 60],
      researchEnabled: false,
      overdueEnabled: true,
      quietHours: null,
      email: 'alerts@example.com',
    },
    now,
  )
  const token = await createToken(ada)
  return { ada, adaId, ids, token }
}

const without = (doc: ExportDocument) => ({ ...doc, exportedAt: '(any)' })

describe('export and import', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())

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

  it('exports questions as CSV with CRLF, quoted fields and formulas neutralised', async () => {
    ctx = await createTestApp({ scheduler: false })
    const { ada } = await seedAda(ctx)
    const response = await ada.get('/settings/data/questions.csv')
    expect(response.statusCode).toBe(200)
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8; header=present')
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="debrief-questions-2026-03-02\.csv"$/,
    )
    const body = response.body
    expect(body.startsWith('\uFEFF"Interview date","Time zone","Company"')).toBe(true)
    // Every record ends in CRLF; a bare LF or CR appears only inside quoted fields.
    const rows = parseCsv(body.slice(1))
    expect(rows).toHaveLength(1 + 14)
    expect(rows.every((row) => row.length === 14)).toBe(true)
    const byText = new Map(rows.map((row) => [row[5], row]))
    for (const neutralised of [
      '\'=cmd|" /C calc"!A0',
      "'+1 for tabs",
      "'-2 for spaces",
      "'@SUM(A1:A9)",
      "'\tindented",
    ])
      expect(byText.has(neutralised), neutralised).toBe(true)
    const formula = byText.get('\'=cmd|" /C calc"!A0')!
    expect(formula.slice(0, 5)).toEqual([
      '2026-03-03 15:00',
      'Europe/Berlin',
      'Future "Quoted" Co',
      'Lead, Platform',
      'Mallory',
    ])
    expect(formula[8]).toBe('I said "no",\r\nthen hesitated')
    expect(formula[10]).toBe('https://owasp.org/www-community/attacks/CSV_Injection\nhttps://example.com/b')
    expect(formula[11]).toBe('yes')
    expect(body).toContain('"\'=cmd|"" /C calc""!A0"')
    // No cell anywhere starts with a formula character.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/)
  })

  it('refuses each of eleven malformed files with a message and the path, writing nothing', async () => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    const { token } = await seedAda(ctx)
    const good = (await api(ctx, token, 'GET', '/export')).json() as ExportDocument
    const bob = await signUp(ctx.app, { email: 'bob@example.com' })
    const bobToken = await createToken(bob)

    // The valid base renames the profile, so a half-applied import would show in the counts too.
    const base = (): ExportDocument => ({
      ...structuredClone(good),
      user: { name: 'Imported Name', timeZone: 'Asia/Tokyo' },
    })
    const mutate = (change: (doc: ExportDocument & Record<string, unknown>) => void) => {
      const doc = base() as ExportDocument & Record<string, unknown>
      change(doc)
      return JSON.stringify(doc)
    }
    const second = (doc: ExportDocument) => doc.interviews[1] as unknown as Record<string, unknown>
    const cases: [string, string, RegExp][] = [
      ['bad JSON', JSON.stringify(base()).slice(0, -20), /not valid JSON/],
      [
        'wrong version',
        mutate((d) => ((d as Record<string, unknown>).version = 5)),
        /version must be (1 or 2 or 3 or 4|one of: 1, 2, 3, 4)/,
      ],
      [
        'wrong types',
        mutate((d) => (second(d).startsAt = 1772000000000)),
        /interviews\[1\]\.startsAt must be a string/,
      ],
      [
        'dangling reference',
        mutate((d) => (d.interviews[6]!.questions[0]!.interviewerIndex = 5)),
        /interviews\[6\]\.questions\[0\]\.interviewerIndex refers to interviewer 5, but this interview has 2/,
      ],
      [
        'huge string',
        mutate((d) => (second(d).notes = 'x'.repeat(20_001))),
        /interviews\[1\]\.notes must be at most 20000 characters/,
      ],
      [
        'missing required field',
        mutate((d) => delete second(d).company),
        /interviews\[1\]\.company is required/,
      ],
      [
        'unknown kind',
        mutate((d) => (second(d).kind = 'brunch')),
        /interviews\[1\]\.kind must be one of: phone_screen, technical/,
      ],
      [
        'bad time zone',
        mutate((d) => (second(d).timeZone = 'Mars/Olympus_Mons')),
        /interviews\[1\]\.timeZone must be an IANA time zone/,
      ],
      [
        'end before start',
        mutate(
          (d) => (second(d).endsAt = new Date(Date.parse(String(second(d).startsAt)) - 60_000).toISOString()),
        ),
        /interviews\[1\]\.endsAt must be after startsAt/,
      ],
      [
        'non-array interviews',
        mutate((d) => ((d as Record<string, unknown>).interviews = { 0: good.interviews[0] })),
        /interviews must be an array/,
      ],
      [
        'dangling draft, after every interview was valid',
        mutate((d) => (d.drafts[1]!.interviewerIndex = 9)),
        /drafts\[1\]\.interviewerIndex refers to interviewer 9, but that interview has 2/,
      ],
    ]
    const before = tableCounts(ctx.app.db)
    expect(before.profiles).toBe(0)
    for (const [name, file, message] of cases) {
      const page = await bob.submit('/settings/data/import', { document: file }, '/settings/data')
      expect(page.statusCode, name).toBe(400)
      const shown =
        /<p class="flash flash-error" role="alert" id="import-error">([^<]*)<\/p>/.exec(page.body)?.[1] ?? ''
      expect(shown.replaceAll('&quot;', '"').replaceAll('&#39;', "'"), name).toMatch(message)
      expect(shown, name).toMatch(/^Nothing was imported: /)

      const viaApi = await api(ctx, bobToken, 'POST', '/import', file)
      expect(viaApi.statusCode, name).toBe(400)
      const body = viaApi.json() as { error: string; message: string }
      expect(body.error, name).toBe('Bad Request')
      if (name !== 'bad JSON') expect(body.message, name).toMatch(message)
      expect(tableCounts(ctx.app.db), name).toEqual(before)
    }
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

/** A strict RFC 4180 reader: every field quoted, records end in CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let i = 0
  while (i < text.length) {
    const row: string[] = []
    for (;;) {
      if (text[i] !== '"') throw new Error(`unquoted field at ${i}`)
      let value = ''
      i++
      for (;;) {
        const c = text[i]
        if (c === undefined) throw new Error('unterminated field')
        if (c === '"' && text[i + 1] === '"') {
          value += '"'
          i += 2
        } else if (c === '"') {
          i++
          break
        } else {
          value += c
          i++
        }
      }
      row.push(value)
      if (text[i] === ',') {
        i++
        continue
      }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`expected CRLF at ${i}`)
      i += 2
      break
    }
    rows.push(row)
  }
  return rows
}
