import { describe, expect, it } from 'vitest'
import { type AccessContext, coachAccess, ownerAccess } from '../../src/services/access.js'
import { noteKey, REVIEW_PENDING_MESSAGE, reviewForDrafts } from '../../src/services/coachReviewDrafts.js'
import { cleanupAfterEach, createTestApp, type TestApp } from '../helpers/app.js'
import { TestClock } from '../helpers/clock.js'
import { seedDebrief } from '../helpers/draftFixtures.js'
import { createUser } from '../helpers/fixtures.js'

const cleanups = cleanupAfterEach()

async function setup() {
  const ctx = await createTestApp({ clock: new TestClock(Date.parse('2026-03-02T15:00:00Z')) })
  cleanups.push(() => ctx.close())
  const { app } = ctx
  const nia = createUser(app, { email: 'nia@example.com', name: 'Nia Long' })
  const coach = createUser(app, { email: 'coach@example.com', name: 'Carla Coach' })
  const stranger = createUser(app, { email: 'stranger@example.com', name: 'Sam Stranger' })
  link(app, nia.id, coach.id)
  const debrief = seedDebrief(app, nia.id, {
    questions: [{ by: 0, text: 'How does Kerberoasting work?', answer: 'Tickets are cracked offline.' }],
  })
  const note = {
    interviewId: debrief.interviewId,
    interviewerId: debrief.interviewerIds[0]!,
    kind: 'thank_you' as const,
  }
  // Grace is owed thanks and answers: two e-mails, so the thank-you note is on the page.
  app.services.drafts.choosePlan(ownerAccess(nia.id), note.interviewId, note.interviewerId, 'two')
  return { ...ctx, nia, coach, stranger, debrief, note }
}

const link = (app: TestApp, candidateId: number, coachId: number) =>
  app.db
    .prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)')
    .run(candidateId, coachId, app.clock.now())

/** The note as the drafts page shows it to its owner. */
const noteText = (ctx: Awaited<ReturnType<typeof setup>>) => {
  const shown = ctx.app.services.drafts.get(ownerAccess(ctx.nia.id), ctx.note)
  if (!shown.ok) throw new Error(shown.message)
  return shown.value
}

/** The owner's Apply on a comment already settled is refused as a conflict. */
const expectApplyRefused = (ctx: Awaited<ReturnType<typeof setup>>, commentId: number) =>
  expect(ctx.app.services.coachReviews.apply(ownerAccess(ctx.nia.id), commentId)).toMatchObject({
    ok: false,
    error: 'conflict',
  })

/** As `access`, Nia's note is not there: a comment (`body`), an approval and the interview's reviews are not_found. */
function expectNoteNotFound(ctx: Awaited<ReturnType<typeof setup>>, access: AccessContext, body: string) {
  const reviews = ctx.app.services.coachReviews
  const notFound = { ok: false, error: 'not_found' }
  expect(reviews.comment(access, ctx.note, { body })).toMatchObject(notFound)
  expect(reviews.approve(access, ctx.note)).toMatchObject(notFound)
  expect(reviews.forInterview(access, ctx.note.interviewId)).toMatchObject(notFound)
}

describe('coach review of a candidate’s notes and answers', () => {
  it('a linked coach comments with a suggestion; the owner applies it and the note is the owner’s edit', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const before = noteText(ctx)
    expect(before.id).toBeNull()
    const suggestion = 'Hi Grace,\n\nThank you for the conversation about compilers.\n\nBest,\nNia'
    const made = reviews.comment(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note, {
      body: 'Shorter is better here.',
      suggestion,
    })
    expect(made).toMatchObject({ ok: true, value: { coachName: 'Carla Coach', state: 'open', suggestion } })
    if (!made.ok) return

    const applied = reviews.apply(ownerAccess(ctx.nia.id), made.value.id)
    expect(applied).toMatchObject({ ok: true, value: { state: 'applied' } })
    const after = noteText(ctx)
    expect(after).toMatchObject({ body: suggestion, subject: before.subject, edited: true, state: 'draft' })
    expect(after.id).not.toBeNull()
    // Stored as the owner's draft row, exactly like saving the editor.
    const row = ctx.app.db.prepare('SELECT user_id, body, edited FROM drafts WHERE id = ?').get(after.id) as {
      user_id: number
      body: string
      edited: number
    }
    expect(row).toEqual({ user_id: ctx.nia.id, body: suggestion, edited: 1 })
    // Applying twice is refused and changes nothing.
    expectApplyRefused(ctx, made.value.id)
  })

  it('a suggestion for a researched answer becomes the owner’s saved research', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const questionId = ctx.debrief.questionIds[0]!
    const made = reviews.comment(
      coachAccess(ctx.coach.id, ctx.nia.id),
      { questionId },
      {
        body: 'Name the SPN part.',
        suggestion: 'Service tickets for accounts with an SPN are cracked offline.',
      },
    )
    expect(made.ok).toBe(true)
    if (!made.ok) return
    expect(reviews.apply(ownerAccess(ctx.nia.id), made.value.id).ok).toBe(true)
    const question = ctx.app.repos.questions.get(ctx.nia.id, questionId)
    expect(question?.researchedAnswer).toBe('Service tickets for accounts with an SPN are cracked offline.')
    expect(question?.text).toBe('How does Kerberoasting work?')
    expect(reviews.forQuestion(ownerAccess(ctx.nia.id), questionId)).toMatchObject({
      ok: true,
      value: [{ state: 'applied', coachName: 'Carla Coach' }],
    })
  })

  it('the owner dismisses a comment: the note keeps its text', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const before = noteText(ctx)
    const made = reviews.comment(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note, {
      body: 'Try this',
      suggestion: 'Something else entirely',
    })
    if (!made.ok) throw new Error(made.message)
    expect(reviews.dismiss(ownerAccess(ctx.nia.id), made.value.id)).toMatchObject({
      ok: true,
      value: { state: 'dismissed' },
    })
    expect(noteText(ctx).body).toBe(before.body)
    expectApplyRefused(ctx, made.value.id)
  })

  it('a linked coach approves the note as it reads; an edit afterwards shows the approval is of an older text', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    expect(reviews.approve(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note).ok).toBe(true)
    const page = () => {
      const found = ctx.app.services.drafts.forInterview(ownerAccess(ctx.nia.id), ctx.note.interviewId)
      if (!found.ok) throw new Error(found.message)
      const view = found.value
      const data = reviews.forInterview(ownerAccess(ctx.nia.id), ctx.note.interviewId)
      if (!data.ok) throw new Error(data.message)
      return reviewForDrafts(view, data.value).notes[noteKey(ctx.note.interviewerId, 'thank_you')]!
    }
    expect(page().approvals).toMatchObject([{ coachName: 'Carla Coach', current: true }])
    const edited = ctx.app.services.drafts.edit(ownerAccess(ctx.nia.id), ctx.note, {
      subject: 'Thanks',
      body: 'Thanks!',
    })
    expect(edited.ok).toBe(true)
    expect(page().approvals).toMatchObject([{ coachName: 'Carla Coach', current: false }])
  })

  it('a pending review request is a warning in the note’s pre-send checks and never blocks sending', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    expect(reviews.requestReview(ownerAccess(ctx.nia.id), ctx.note).ok).toBe(true)
    const found = ctx.app.services.drafts.forInterview(ownerAccess(ctx.nia.id), ctx.note.interviewId)
    if (!found.ok) throw new Error(found.message)
    const view = found.value
    const data = reviews.forInterview(ownerAccess(ctx.nia.id), ctx.note.interviewId)
    if (!data.ok) throw new Error(data.message)
    const review = reviewForDrafts(view, data.value)
    const draft = view.interviewers[0]!.drafts.find((d) => d.kind === 'thank_you')!
    expect(review.notes[noteKey(ctx.note.interviewerId, 'thank_you')]?.request).not.toBeNull()
    expect(draft.checks).toContainEqual({
      code: 'review_pending',
      level: 'warning',
      message: REVIEW_PENDING_MESSAGE,
    })
    expect(draft.checks.filter((c) => c.level === 'error')).toEqual([])
    // Marking it sent (the candidate decides) works with the review still pending.
    expect(ctx.app.services.drafts.markSent(ownerAccess(ctx.nia.id), ctx.note, {}).ok).toBe(true)
  })

  it('an unlinked account gets not_found, a coach cannot apply, an owner cannot comment as a coach', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const strangerAsCoach = coachAccess(ctx.stranger.id, ctx.nia.id)
    expectNoteNotFound(ctx, strangerAsCoach, 'Hello')
    // The candidate acting on their own data is no coach of it.
    expect(reviews.comment(ownerAccess(ctx.nia.id), ctx.note, { body: 'Note to self' })).toMatchObject({
      ok: false,
      error: 'forbidden',
    })
    const made = reviews.comment(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note, {
      body: 'x',
      suggestion: 'Coach text',
    })
    if (!made.ok) throw new Error(made.message)
    const before = noteText(ctx)
    for (const call of [
      () => reviews.apply(coachAccess(ctx.coach.id, ctx.nia.id), made.value.id),
      () => reviews.dismiss(coachAccess(ctx.coach.id, ctx.nia.id), made.value.id),
      () => reviews.requestReview(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note),
    ])
      expect(call()).toMatchObject({ ok: false, error: 'forbidden' })
    expect(noteText(ctx).body).toBe(before.body)
    expect(ctx.app.repos.coachReviews.comment(ctx.nia.id, made.value.id)?.state).toBe('open')
    // Another owner cannot reach Nia's comment through their own data.
    expect(reviews.apply(ownerAccess(ctx.stranger.id), made.value.id)).toMatchObject({
      ok: false,
      error: 'not_found',
    })
    // A note of another candidate's interview is not a note of Nia's.
    const other = seedDebrief(ctx.app, ctx.stranger.id)
    expect(
      reviews.comment(
        coachAccess(ctx.coach.id, ctx.nia.id),
        { interviewId: other.interviewId, interviewerId: other.interviewerIds[0]!, kind: 'thank_you' },
        { body: 'x' },
      ),
    ).toMatchObject({ ok: false, error: 'not_found' })
  })

  it('once the link row is deleted, the coach’s next call is refused', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const access = coachAccess(ctx.coach.id, ctx.nia.id)
    expect(reviews.comment(access, ctx.note, { body: 'First' }).ok).toBe(true)
    ctx.app.db
      .prepare('DELETE FROM coach_links WHERE candidate_id = ? AND coach_id = ?')
      .run(ctx.nia.id, ctx.coach.id)
    expectNoteNotFound(ctx, access, 'Second')
    const count = ctx.app.db.prepare('SELECT count(*) FROM coach_comments').pluck().get()
    expect(count).toBe(1)
  })

  it('asking for a review queues one notice per linked coach, answered by the first comment; empty comments are refused', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const second = createUser(ctx.app, { email: 'second@example.com', name: 'Second Coach' })
    link(ctx.app, ctx.nia.id, second.id)
    const asked = reviews.requestReview(ownerAccess(ctx.nia.id), ctx.note)
    expect(asked).toMatchObject({ ok: true, value: { coaches: ['Carla Coach', 'Second Coach'] } })
    expect(reviews.requestReview(ownerAccess(ctx.nia.id), ctx.note)).toMatchObject({
      ok: false,
      error: 'conflict',
    })
    const notices = ctx.app.db
      .prepare("SELECT coach_id, state FROM coach_mail WHERE kind = 'review' ORDER BY coach_id")
      .all()
    expect(notices).toEqual([
      { coach_id: ctx.coach.id, state: 'pending' },
      { coach_id: second.id, state: 'pending' },
    ])
    expect(reviews.comment(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note, { body: '  ' })).toMatchObject({
      ok: false,
      error: 'invalid',
      fields: { body: 'write a comment or a suggested text' },
    })
    expect(reviews.comment(coachAccess(ctx.coach.id, ctx.nia.id), ctx.note, { body: 'Looks fine' }).ok).toBe(
      true,
    )
    const data = reviews.forInterview(ownerAccess(ctx.nia.id), ctx.note.interviewId)
    expect(data.ok && data.value.requests).toEqual([])
  })

  it('asking without any coach says how to get one', async () => {
    const ctx = await setup()
    const reviews = ctx.app.services.coachReviews
    const other = seedDebrief(ctx.app, ctx.stranger.id)
    const result = reviews.requestReview(ownerAccess(ctx.stranger.id), {
      interviewId: other.interviewId,
      interviewerId: other.interviewerIds[0]!,
      kind: 'thank_you',
    })
    expect(result).toMatchObject({ ok: false, error: 'conflict' })
    expect(!result.ok && result.message).toContain('Settings → Coach')
  })
})
