import { ownerAccess } from '../../src/services/access.js'
import type { TestApp } from './app.js'
import { seedDebrief } from './draftFixtures.js'
import { createUser, setReminderSettings } from './fixtures.js'
import type { ReminderCtx } from './reminderHarness.js'

export const COACH_ZONE = 'America/New_York'

/** A New York coach (default quiet hours) linked to Nia, who has no interviews yet. */
export function coachAndCandidate(ctx: ReminderCtx) {
  const coach = createUser(ctx.app, { email: 'carla@example.com', name: 'Carla Coach', timeZone: COACH_ZONE })
  const nia = createUser(ctx.app, { email: 'nia@example.com', name: 'Nia Long', timeZone: COACH_ZONE })
  // Nia's own interview reminders are not what these tests look at.
  setReminderSettings(ctx.app, nia.id, { leads: [], researchEnabled: false, overdueEnabled: false })
  ctx.app.db
    .prepare('INSERT INTO coach_links (candidate_id, coach_id, created_at) VALUES (?, ?, ?)')
    .run(nia.id, coach.id, ctx.clock.now())
  return { coach, nia }
}

/** An open review request of Nia's: something for every day's digest until it is answered. */
export function askForReview(ctx: ReminderCtx, niaId: number) {
  const debrief = seedDebrief(ctx.app, niaId, { company: 'Acme', role: 'Analyst', timeZone: COACH_ZONE })
  const asked = ctx.app.services.coachReviews.requestReview(ownerAccess(niaId), {
    interviewId: debrief.interviewId,
    interviewerId: debrief.interviewerIds[0]!,
    kind: 'thank_you',
  })
  if (!asked.ok) throw new Error(asked.message)
  return debrief
}

/** Nia's Initech interview, ended at `endsAt`: its follow-up is what the digest names. */
export const followUpOf = (ctx: ReminderCtx, niaId: number, endsAt: number) =>
  seedDebrief(ctx.app, niaId, { company: 'Initech', role: 'Platform Engineer', endsAt, timeZone: COACH_ZONE })

export interface CoachMailRow {
  kind: string
  local_date: string | null
  due_at: number
  state: string
  attempts: number
  last_error: string | null
  item_count: number | null
}

/** The coach's mail rows of one kind, oldest day (or request) first. */
export const coachMailRows = (ctx: { app: TestApp }, coachId: number, kind: 'digest' | 'review') =>
  ctx.app.db
    .prepare(
      `SELECT kind, local_date, due_at, state, attempts, last_error, item_count FROM coach_mail
       WHERE coach_id = ? AND kind = ? ORDER BY local_date, id`,
    )
    .all(coachId, kind) as CoachMailRow[]

/** The Mailbox messages of the user whose Message-ID starts with `prefix` (coach-digest, coach-review). */
export const mailOf = (ctx: { app: TestApp }, userId: number, prefix: string) =>
  ctx.app.db
    .prepare(
      'SELECT subject, text_body, created_at FROM mailbox WHERE user_id = ? AND message_id LIKE ? ORDER BY id',
    )
    .all(userId, `<${prefix}-%`) as { subject: string; text_body: string; created_at: number }[]
