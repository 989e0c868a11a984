import { describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { createToken, signUp } from '../helpers/agent.js'
import { closeAfterEach, createTestApp, type TestContext } from '../helpers/app.js'
import { seedAda } from '../helpers/exportFixtures.js'
import { tableCounts } from '../helpers/insightFixtures.js'
import { api } from '../helpers/tokenApi.js'

describe('export and import', () => {
  let ctx: TestContext
  closeAfterEach(() => ctx)

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
})
