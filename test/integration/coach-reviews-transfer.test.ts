import { describe, expect, it } from 'vitest'
import type { ExportDocument } from '../../src/domain/transfer.js'
import { coachAccess, ownerAccess } from '../../src/services/access.js'
import { createToken, signUp } from '../helpers/agent.js'
import { cleanupAfterEach, createTestApp } from '../helpers/app.js'
import { seedDebrief, userIdOf } from '../helpers/draftFixtures.js'
import { createUser } from '../helpers/fixtures.js'
import { api, importJob } from '../helpers/tokenApi.js'

const cleanups = cleanupAfterEach()
type Ctx = Awaited<ReturnType<typeof createTestApp>>

const commentsOf = (ctx: Ctx, userId: number) =>
  ctx.app.db
    .prepare(
      `SELECT c.coach_id, c.coach_name, c.kind, p.name AS interviewer, q.text AS question, c.body, c.suggestion, c.state,
         c.resolved_at IS NOT NULL AS resolved
       FROM coach_comments c LEFT JOIN interviewers p ON p.id = c.interviewer_id LEFT JOIN questions q ON q.id = c.question_id
       WHERE c.user_id = ? ORDER BY c.id`,
    )
    .all(userId)

describe('coach comments in export and import', () => {
  it('are exported with the candidate’s data and come back on the same notes and questions, by name only', async () => {
    const ctx = await createTestApp({ env: { SIGNUP: 'open' } })
    cleanups.push(() => ctx.close())
    const nia = await signUp(ctx.app, { email: 'nia@example.com', name: 'Nia' })
    const niaId = userIdOf(ctx.app, 'nia@example.com')
    const coach = createUser(ctx.app, { email: 'carla@example.com', name: 'Carla Coach' })
    ctx.app.db
      .prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)')
      .run(niaId, coach.id, ctx.clock.now())
    const debrief = seedDebrief(ctx.app, niaId, {
      interviewers: [{ name: 'Grace Hopper', email: 'grace@example.com' }, { name: 'Alan Kay' }],
      questions: [{ by: 1, text: 'What is late binding?', answer: 'Deciding at run time.' }],
    })
    const reviews = ctx.app.services.coachReviews
    const asCoach = coachAccess(coach.id, niaId)
    const first = reviews.comment(
      asCoach,
      { interviewId: debrief.interviewId, interviewerId: debrief.interviewerIds[1]!, kind: 'answers' },
      { body: 'Add a source.', suggestion: 'Hi Alan, …' },
    )
    const second = reviews.comment(asCoach, { questionId: debrief.questionIds[0]! }, { body: 'Good answer.' })
    if (!first.ok || !second.ok) throw new Error('comments not made')
    expect(reviews.dismiss(ownerAccess(niaId), first.value.id).ok).toBe(true)

    const token = await createToken(nia)
    const doc = (await api(ctx, token, 'GET', '/export')).json() as ExportDocument
    expect(doc.version).toBe(4)
    expect(doc.coachComments).toMatchObject([
      { interviewIndex: 0, interviewerIndex: 1, kind: 'answers', questionIndex: null, state: 'dismissed' },
      {
        interviewIndex: 0,
        interviewerIndex: null,
        kind: null,
        questionIndex: 0,
        body: 'Good answer.',
        state: 'open',
      },
    ])

    const eve = await signUp(ctx.app, { email: 'eve@example.com', name: 'Eve' })
    const eveId = userIdOf(ctx.app, 'eve@example.com')
    const eveToken = await createToken(eve)
    expect(await importJob(ctx, eveToken, doc)).toMatchObject({ state: 'done' })
    expect(commentsOf(ctx, eveId)).toEqual([
      {
        coach_id: null,
        coach_name: 'Carla Coach',
        kind: 'answers',
        interviewer: 'Alan Kay',
        question: null,
        body: 'Add a source.',
        suggestion: 'Hi Alan, …',
        state: 'dismissed',
        resolved: 1,
      },
      {
        coach_id: null,
        coach_name: 'Carla Coach',
        kind: null,
        interviewer: null,
        question: 'What is late binding?',
        body: 'Good answer.',
        suggestion: null,
        state: 'open',
        resolved: 0,
      },
    ])
    // Importing grants the coach nothing in Eve's account.
    expect(
      ctx.app.db.prepare('SELECT count(*) FROM coach_links WHERE candidate_id = ?').pluck().get(eveId),
    ).toBe(0)

    // A version 2 document (no comments) still imports; comments in one are refused with the place named.
    const older = { ...doc, version: 2, coachComments: undefined }
    const frank = await signUp(ctx.app, { email: 'frank@example.com', name: 'Frank' })
    const frankToken = await createToken(frank)
    expect(await importJob(ctx, frankToken, JSON.parse(JSON.stringify(older)))).toMatchObject({
      state: 'done',
    })
    expect(commentsOf(ctx, userIdOf(ctx.app, 'frank@example.com'))).toEqual([])
    const mixed = await importJob(ctx, frankToken, { ...doc, version: 2 })
    expect(mixed).toMatchObject({ state: 'refused', status: 400 })
    expect(JSON.stringify(mixed)).toContain('coachComments')
    const broken = await importJob(ctx, frankToken, {
      ...doc,
      coachComments: [{ ...doc.coachComments![0]!, interviewerIndex: 5 }],
    })
    expect(JSON.stringify(broken)).toContain('coachComments[0].interviewerIndex')
  })
})
