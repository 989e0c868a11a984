import { afterEach, describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { ownerAccess } from '../../src/services/access.js'
import { studyAccess } from '../../src/services/study.js'
import { createTestApp } from '../helpers/app.js'
import { HOUR } from '../helpers/fixtures.js'
import { addQuestion, pastInterview } from '../helpers/studyFixtures.js'
import { api, importJob, tokenUser } from '../helpers/tokenApi.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>
const DAY = 24 * HOUR

/** Every card of a user with its review log, keyed by its question's text. */
function cardsOf(ctx: Ctx, userId: number) {
  const cards = ctx.app.db
    .prepare(
      `SELECT q.text, c.id, c.mode, c.due, c.stability, c.difficulty, c.elapsed_days, c.scheduled_days,
         c.learning_steps, c.reps, c.lapses, c.state, c.last_review
       FROM study_cards c JOIN questions q ON q.id = c.question_id WHERE c.user_id = ? ORDER BY q.text`,
    )
    .all(userId) as ({ id: number; text: string } & Record<string, unknown>)[]
  const reviews = ctx.app.db.prepare(
    `SELECT rating, reviewed_at, elapsed_days, state_before, due_before, stability_before, difficulty_before,
       scheduled_days_before, learning_steps_before, reps_before, lapses_before, last_review_before
     FROM study_reviews WHERE card_id = ? AND user_id = ? ORDER BY reviewed_at, id`,
  )
  return cards.map(({ id, ...card }) => ({ ...card, reviews: reviews.all(id, userId) }))
}

/** An hour later, a new account in UTC (`name`@example.com) imports the document in full; its token and id. */
async function importedBy(ctx: Ctx, name: string, doc: unknown) {
  ctx.clock.advance(HOUR)
  const user = await tokenUser(ctx.app, { email: `${name.toLowerCase()}@example.com`, name, timeZone: 'UTC' })
  expect(await importJob(ctx, user.token, doc)).toMatchObject({ state: 'done', error: null })
  return user
}

describe('study cards in export and import', () => {
  let ctx: Ctx
  afterEach(async () => ctx?.close())
  /** A fresh app with Ada, living in `timeZone`, signed up and holding an API token. */
  const adaIn = async (timeZone: string) => {
    ctx = await createTestApp({ scheduler: false, env: { SIGNUP: 'open' } })
    return tokenUser(ctx.app, { email: 'ada@example.com', name: 'Ada', timeZone })
  }

  it('carry review history: the importing account has the same ratings, due dates and card states', async () => {
    const { token, id: adaId } = await adaIn('Europe/Berlin')
    const first = pastInterview(ctx.app, adaId, 'Acme')
    const second = pastInterview(ctx.app, adaId, 'Globex')
    const kerberos = addQuestion(ctx.app, adaId, first, { text: 'Kerberoasting?' })
    const tls = addQuestion(ctx.app, adaId, first, { text: 'TLS 1.3 handshake?', confidence: 'shaky' })
    addQuestion(ctx.app, adaId, first, { text: 'Never studied?' })
    const dns = addQuestion(ctx.app, adaId, second, { text: 'DNS rebinding?' })
    const nailed = addQuestion(ctx.app, adaId, second, { text: 'Nailed one?', confidence: 'nailed' })
    const actor = studyAccess(ownerAccess(adaId), 'Europe/Berlin')
    const study = ctx.app.study
    expect(study.review(actor, kerberos.id, 'again').ok).toBe(true)
    ctx.clock.advance(10 * 60_000)
    expect(study.review(actor, kerberos.id, 'good').ok).toBe(true)
    ctx.clock.advance(DAY)
    expect(study.review(actor, kerberos.id, 'good').ok).toBe(true)
    expect(study.review(actor, tls.id, 'easy').ok).toBe(true)
    expect(study.setMode(actor, dns.id, 'exclude').ok).toBe(true)
    expect(study.setMode(actor, nailed.id, 'include').ok).toBe(true)
    const put = await api(ctx, token, 'PUT', '/settings/study-reminder', { enabled: true, time: '08:30' })
    expect(put.statusCode, put.body).toBe(200)

    const doc = (await api(ctx, token, 'GET', '/export')).json() as ExportDocument
    expect(doc.version).toBe(4)
    expect(doc.study?.reminder).toEqual({ enabled: true, minute: 8 * 60 + 30 })
    // Cards name their question by position in the document, never by id.
    expect(
      doc.study?.cards.map((c) => [
        c.interviewIndex,
        c.questionIndex,
        c.mode,
        c.reviews.map((r) => r.rating),
      ]),
    ).toEqual([
      [0, 0, 'auto', [1, 3, 3]],
      [0, 1, 'auto', [4]],
      [1, 0, 'exclude', []],
      [1, 1, 'include', []],
    ])
    const before = cardsOf(ctx, adaId)

    const { token: bobToken, id: bobId } = await importedBy(ctx, 'Bob', doc)

    const after = cardsOf(ctx, bobId)
    expect(after).toEqual(before)
    expect(after.find((c) => c.text === 'Kerberoasting?')?.reviews).toHaveLength(3)
    // The imported log replays to the imported state.
    const bobKerberos = ctx.app.db
      .prepare("SELECT id FROM questions WHERE user_id = ? AND text = 'Kerberoasting?'")
      .pluck()
      .get(bobId) as number
    const bobActor = studyAccess(ownerAccess(bobId), 'Europe/Berlin')
    const replayed = ctx.app.study.recompute(bobActor, bobKerberos)
    expect(replayed?.due).toBe(ctx.app.study.card(bobActor, bobKerberos)?.state.due)
    expect(ctx.app.repos.studyNudges.settings(bobId)).toEqual({ enabled: true, minute: 8 * 60 + 30 })
    const again = (await api(ctx, bobToken, 'GET', '/export')).json() as ExportDocument
    expect(again.study).toEqual(doc.study)
  })

  it('imports a version 1 export (no study section) with fresh cards, and refuses a card naming no question', async () => {
    const { token, id: adaId } = await adaIn('UTC')
    const interview = pastInterview(ctx.app, adaId)
    const q1 = addQuestion(ctx.app, adaId, interview, { text: 'One?' })
    addQuestion(ctx.app, adaId, interview, { text: 'Two?', confidence: 'shaky' })
    const actor = studyAccess(ownerAccess(adaId), 'UTC')
    expect(ctx.app.study.review(actor, q1.id, 'easy').ok).toBe(true)
    const doc = (await api(ctx, token, 'GET', '/export')).json() as ExportDocument
    expect(doc.study?.cards).toHaveLength(1)

    const broken = structuredClone(doc)
    broken.study!.cards[0]!.questionIndex = 7
    const refused = await api(ctx, token, 'POST', '/import', broken)
    expect(refused.statusCode).toBe(400)
    expect((refused.json() as { message: string }).message).toContain(
      'study.cards[0].questionIndex refers to question 7, but that interview has 2',
    )

    const { study: _study, ...rest } = doc
    const older = { ...rest, version: 1 }
    const { token: carolToken, id: carolId } = await importedBy(ctx, 'Carol', older)
    expect(cardsOf(ctx, carolId)).toEqual([])
    // Both researched questions are in her deck as new cards, due now.
    const session = ctx.app.study.session(studyAccess(ownerAccess(carolId), 'UTC'))
    expect(session.dueNow).toBe(2)
    expect(session.current?.state.reps).toBe(0)
    expect(ctx.app.repos.studyNudges.settings(carolId)).toEqual({ enabled: false, minute: 19 * 60 })

    const withStudy = { ...older, study: doc.study }
    const mixed = await api(ctx, carolToken, 'POST', '/import', withStudy)
    expect(mixed.statusCode).toBe(400)
    expect((mixed.json() as { message: string }).message).toContain(
      'study is not part of a version 1 document',
    )
  })
})
