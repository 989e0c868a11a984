import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AccessContext, coachAccess, ownerAccess, READ_ONLY_MESSAGE } from '../../src/services/access.js'
import { createTestApp } from '../helpers/app.js'
import { type Debrief, seedDebrief } from '../helpers/draftFixtures.js'
import { createUser } from '../helpers/fixtures.js'
import {
  totalChanges as changes,
  expectEveryMethodNamed,
  type Outcome,
  tableRows,
} from '../helpers/serviceAccess.js'

type Ctx = Awaited<ReturnType<typeof createTestApp>>

const TABLES = [
  'drafts',
  'outgoing_drafts',
  'draft_plans',
  'users',
  'api_tokens',
  'sessions',
  'interviews',
  'import_jobs',
]

/**
 * The services behind pages, API and CLI, called directly on a real database: a linked coach
 * reads the candidate's data and changes none of it; another account finds none of it.
 */
describe('the drafts, accounts and export/import services under an access context', () => {
  let ctx: Ctx
  let seed: Debrief
  let candidate: number
  let coach: number
  let stranger: number
  let draftIds: number[]
  let sentDraftId: number
  let tokenId: number
  let jobId: number
  let owner: AccessContext

  const totalChanges = () => changes(ctx.app.db)
  const snapshot = () => tableRows(ctx.app.db, TABLES)

  beforeAll(async () => {
    ctx = await createTestApp()
    const { app } = ctx
    candidate = createUser(app, { name: 'Ada Lovelace', email: 'ada@example.com' }).id
    coach = createUser(app, { name: 'Carol Coach', email: 'carol@example.com' }).id
    stranger = createUser(app, { name: 'Mallory', email: 'mallory@example.com' }).id
    owner = ownerAccess(candidate)
    seed = seedDebrief(app, candidate, {
      interviewers: [
        { name: 'Grace Hopper', email: 'grace@example.com' },
        { name: 'Alan Turing', email: 'alan@example.com' },
      ],
      questions: [{ by: 1, text: 'How does a B-tree split?', answer: 'At the median key.' }],
    })
    const drafts = app.services.drafts
    // Alan is owed thanks and answers: choose two notes, then store every note the page shows.
    expect(drafts.choosePlan(owner, seed.interviewId, seed.interviewerIds[1]!, 'two').ok).toBe(true)
    const prepared = drafts.prepare(owner, seed.interviewId)
    if (!prepared.ok) throw new Error(prepared.message)
    draftIds = prepared.value.interviewers.flatMap((p) => p.drafts.map((d) => d.id!))
    expect(draftIds.length).toBeGreaterThanOrEqual(3)
    const marked = drafts.markSent(owner, { id: draftIds[0]! })
    if (!marked.ok) throw new Error(marked.message)
    sentDraftId = marked.value.id!
    const token = app.services.accounts.createToken(owner, 'laptop')
    if (!token.ok) throw new Error(token.message)
    tokenId = token.value.info.id
    const job = await app.services.transfer.importValue(owner, app.services.transfer.exportDocument(owner))
    if (!job.ok) throw new Error(job.message)
    jobId = job.value.id
    await app.imports.settle(jobId, 10_000)
  })
  afterAll(async () => ctx?.close())

  /** Every write method of the three services, as a coach would call it with the candidate's ids. */
  const writes = (access: AccessContext): Record<string, () => Outcome> => {
    const { drafts, accounts, transfer } = ctx.app.services
    const text = { subject: 'Changed by someone else', body: 'Not the candidate’s words.\n' }
    const note = {
      interviewId: seed.interviewId,
      interviewerId: seed.interviewerIds[0]!,
      kind: 'thank_you' as const,
    }
    return {
      'drafts.prepare': () => drafts.prepare(access, seed.interviewId),
      'drafts.choosePlan': () => drafts.choosePlan(access, seed.interviewId, seed.interviewerIds[1]!, 'one'),
      'drafts.edit': () => drafts.edit(access, { id: draftIds[1]! }, text),
      'drafts.edit (unstored note)': () => drafts.edit(access, note, text),
      'drafts.regenerate': () => drafts.regenerate(access, { id: draftIds[1]! }, 'brief', true),
      'drafts.markSent': () => drafts.markSent(access, { id: draftIds[1]! }, { confirmRepeat: true }),
      'drafts.unmarkSent': () => drafts.unmarkSent(access, sentDraftId),
      'drafts.send (preview)': () => drafts.send(access, { id: draftIds[1]! }, { text, commit: false }),
      'drafts.send': () => drafts.send(access, { id: draftIds[1]! }, { commit: true, confirmRepeat: true }),
      'drafts.undo': () => drafts.undo(access, draftIds[1]!),
      'accounts.updateProfile': () =>
        accounts.updateProfile(access, { name: 'Someone Else', timeZone: 'Asia/Tokyo' }),
      'accounts.changePassword': () =>
        accounts.changePassword(access, 'not-a-real-hash', 'a brand new password'),
      'accounts.createToken': () => accounts.createToken(access, 'coach token'),
      'accounts.revokeToken': () => accounts.revokeToken(access, tokenId),
      'transfer.importValue': () => transfer.importValue(access, transfer.exportDocument(owner)),
      'transfer.importText': () =>
        transfer.importText(access, JSON.stringify(transfer.exportDocument(owner))),
    }
  }

  it('names every method of the services as a read or one of the writes tested here', () => {
    const { drafts, accounts, transfer } = ctx.app.services
    const tested = Object.keys(writes(owner)).map((name) => name.replace(/ \(.*\)$/, ''))
    const reads = [
      'drafts.sendingEnabled',
      'drafts.forInterview',
      'drafts.get',
      'drafts.eml',
      'accounts.profile',
      'accounts.listTokens',
      'transfer.exportDocument',
      'transfer.questionsCsv',
      'transfer.job',
      'transfer.runningJobId',
    ]
    // Methods without an access context: sign-up, login and the API's token check come before
    // any, the rest are the CLI's.
    const withoutAccess = [
      'accounts.problems',
      'accounts.byEmail',
      'accounts.anyAccount',
      'accounts.signUp',
      'accounts.logIn',
      'accounts.tokenUser',
      'accounts.create',
      'accounts.resetPassword',
    ]
    expectEveryMethodNamed({ drafts, accounts, transfer }, new Set([...tested, ...reads, ...withoutAccess]))
  })

  it("refuses every write by the candidate's coach and changes nothing", async () => {
    const before = totalChanges()
    const rows = snapshot()
    for (const [name, write] of Object.entries(writes(coachAccess(coach, candidate)))) {
      expect(await write(), name).toEqual({ ok: false, error: 'forbidden', message: READ_ONLY_MESSAGE })
    }
    expect(totalChanges()).toBe(before)
    expect(snapshot()).toBe(rows)
  })

  it("lets the coach read the candidate's drafts, profile, tokens and export", async () => {
    const { drafts, accounts, transfer } = ctx.app.services
    const asCoach = coachAccess(coach, candidate)
    const before = totalChanges()
    const seen = drafts.forInterview(asCoach, seed.interviewId)
    const mine = drafts.forInterview(owner, seed.interviewId)
    expect(seen.ok && mine.ok).toBe(true)
    expect(seen).toEqual(mine)
    if (!seen.ok) return
    expect(seen.value.interviewers.map((p) => p.interviewer.name)).toEqual(['Grace Hopper', 'Alan Turing'])
    expect(seen.value.interviewers.flatMap((p) => p.drafts.map((d) => d.id))).toEqual(draftIds)
    // The notes speak as their owner, whoever reads them.
    const thanks = seen.value.interviewers[0]!.drafts.find((d) => d.kind === 'thank_you')!
    expect(thanks.body).toContain('Ada')
    expect(thanks.body).not.toContain('Carol')

    const one = drafts.get(asCoach, { id: draftIds[1]! })
    expect(one.ok && one.value.id).toBe(draftIds[1])
    const eml = await drafts.eml(asCoach, { id: draftIds[1]! })
    expect(eml.ok && eml.value.content.toString('utf8')).toContain('ada@example.com')

    expect(accounts.profile(asCoach)).toMatchObject({
      ok: true,
      value: { id: candidate, name: 'Ada Lovelace' },
    })
    expect(accounts.listTokens(asCoach).map((t) => t.id)).toEqual([tokenId])
    const exported = transfer.exportDocument(asCoach)
    expect(exported.user.name).toBe('Ada Lovelace')
    expect(exported.interviews.map((i) => i.company)).toEqual(
      transfer.exportDocument(owner).interviews.map((i) => i.company),
    )
    expect(transfer.questionsCsv(asCoach)).toContain('How does a B-tree split?')
    expect(transfer.job(asCoach, jobId)).toMatchObject({ ok: true, value: { id: jobId } })
    expect(totalChanges()).toBe(before)
  })

  it("answers not_found to an unrelated account for the candidate's ids, and changes nothing", async () => {
    const { drafts, accounts, transfer } = ctx.app.services
    const other = ownerAccess(stranger)
    const before = totalChanges()
    const rows = snapshot()
    const notFound = { ok: false, error: 'not_found' }
    expect(drafts.forInterview(other, seed.interviewId)).toMatchObject(notFound)
    expect(drafts.get(other, { id: draftIds[1]! })).toMatchObject(notFound)
    expect(await drafts.eml(other, { id: draftIds[1]! })).toMatchObject(notFound)
    expect(drafts.prepare(other, seed.interviewId)).toMatchObject(notFound)
    expect(drafts.choosePlan(other, seed.interviewId, seed.interviewerIds[1]!, 'one')).toMatchObject(notFound)
    expect(drafts.edit(other, { id: draftIds[1]! }, { subject: 'x', body: 'y' })).toMatchObject(notFound)
    expect(drafts.regenerate(other, { id: draftIds[1]! }, 'brief', true)).toMatchObject(notFound)
    expect(drafts.markSent(other, { id: draftIds[1]! })).toMatchObject(notFound)
    expect(drafts.unmarkSent(other, sentDraftId)).toMatchObject(notFound)
    expect(drafts.undo(other, draftIds[1]!)).toMatchObject(notFound)
    expect(accounts.revokeToken(other, tokenId)).toMatchObject(notFound)
    expect(transfer.job(other, jobId)).toMatchObject(notFound)
    expect(totalChanges()).toBe(before)
    expect(snapshot()).toBe(rows)
  })
})
