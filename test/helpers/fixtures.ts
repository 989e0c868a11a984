import type { App } from '../../src/app.js'
import type { ReminderRow, ReminderSettings } from '../../src/db/reminders.js'
import type { User } from '../../src/db/users.js'
import type { FollowUpState, Outcome } from '../../src/domain/interview.js'
import { newAccount } from '../../src/services/accounts/newAccount.js'

export type { ReminderRow }

export const HOUR = 3_600_000
export const MINUTE = 60_000

let counter = 0

/** An account created as sign-up creates it, without the password round-trip: for tests that never log in. */
export function createUser(app: App, user: { email?: string; name?: string; timeZone?: string } = {}): User {
  counter++
  return newAccount(app.db, app.repos)(
    {
      email: user.email ?? `user${counter}-${Date.now()}@example.com`,
      name: user.name ?? `User ${counter}`,
      passwordHash: 'not-a-real-hash',
      timeZone: user.timeZone ?? 'UTC',
    },
    app.clock.now(),
  )
}

/** Reminder settings for a user, starting from the defaults. */
export function setReminderSettings(app: App, userId: number, settings: Partial<ReminderSettings>) {
  app.repos.reminders.saveSettings(
    userId,
    { ...app.repos.reminders.settings(userId), ...settings },
    app.clock.now(),
  )
}

export interface InterviewFixture {
  company?: string
  role?: string
  endsAt: number
  durationMinutes?: number
  timeZone?: string
  followUpState?: FollowUpState
  outcome?: Outcome
}

/**
 * Inserts an interview with plain SQL and plans its reminders in the same transaction, as the
 * interviews repository does. `plannedAt` is the "now" of planning (default: the app clock).
 */
export function insertInterview(
  app: App,
  userId: number,
  fixture: InterviewFixture,
  plannedAt?: number,
): number {
  const now = plannedAt ?? app.clock.now()
  return app.db.transaction(() => {
    const id = app.db
      .prepare(
        `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, outcome, follow_up_state, created_at, updated_at)
         VALUES (?, ?, ?, 'technical', ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(
        userId,
        fixture.company ?? 'Acme',
        fixture.role ?? 'Security Analyst',
        fixture.endsAt - (fixture.durationMinutes ?? 60) * MINUTE,
        fixture.endsAt,
        fixture.timeZone ?? 'UTC',
        fixture.outcome ?? 'pending',
        fixture.followUpState ?? 'open',
        now,
        now,
      ) as number
    app.repos.reminders.syncForInterview(id, now)
    return id
  })()
}

/** Changes an interview with plain SQL and re-plans, in one transaction. */
export function updateInterview(
  app: App,
  interviewId: number,
  patch: { endsAt?: number; followUpState?: FollowUpState; outcome?: Outcome },
  now = app.clock.now(),
) {
  app.db.transaction(() => {
    if (patch.endsAt !== undefined)
      app.db
        .prepare('UPDATE interviews SET starts_at = ? - 3600000, ends_at = ?, updated_at = ? WHERE id = ?')
        .run(patch.endsAt, patch.endsAt, now, interviewId)
    if (patch.followUpState !== undefined)
      app.db
        .prepare('UPDATE interviews SET follow_up_state = ?, updated_at = ? WHERE id = ?')
        .run(patch.followUpState, now, interviewId)
    if (patch.outcome !== undefined)
      app.db
        .prepare('UPDATE interviews SET outcome = ?, updated_at = ? WHERE id = ?')
        .run(patch.outcome, now, interviewId)
    app.repos.reminders.syncForInterview(interviewId, now)
  })()
}

export function deleteInterview(app: App, interviewId: number) {
  app.db.prepare('DELETE FROM interviews WHERE id = ?').run(interviewId)
}

export function addQuestion(
  app: App,
  userId: number,
  interviewId: number,
  question: { text: string; confidence?: 'missed' | 'shaky' | 'nailed'; researched?: boolean },
) {
  const now = app.clock.now()
  app.db
    .prepare(
      `INSERT INTO questions (user_id, interview_id, text, confidence, researched_answer, researched,
         researched_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      userId,
      interviewId,
      question.text,
      question.confidence ?? 'missed',
      // Researched means having an answer, as the app stores it.
      question.researched ? `Researched: ${question.text}` : '',
      question.researched ? 1 : 0,
      question.researched ? now : null,
      now,
      now,
    )
}

export function addInterviewer(
  app: App,
  userId: number,
  interviewId: number,
  person: { name: string; title?: string; thanked?: boolean },
) {
  const now = app.clock.now()
  app.db
    .prepare(
      `INSERT INTO interviewers (user_id, interview_id, name, title, thank_you_sent_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(userId, interviewId, person.name, person.title ?? '', person.thanked ? now : null, now, now)
}

/**
 * A reminder as its e-mail went: the plan's row (kind, lead, due time) with, once it was handed
 * to its channels, the state, attempts, lease, error and Message-ID of its e-mail delivery.
 */
const EMAIL_STATE_SQL = `SELECT r.id, r.user_id, r.interview_id, r.kind, r.lead, r.due_at, r.message_key,
    coalesce(d.state, r.state) AS state, coalesce(d.attempts, r.attempts) AS attempts,
    coalesce(d.next_attempt_at, r.next_attempt_at) AS next_attempt_at,
    CASE WHEN d.id IS NULL THEN r.lease_until ELSE d.lease_until END AS lease_until,
    CASE WHEN d.id IS NULL THEN r.last_error ELSE d.last_error END AS last_error,
    CASE WHEN d.id IS NULL THEN r.message_id ELSE d.message_id END AS message_id,
    CASE WHEN d.id IS NULL THEN NULL ELSE d.sent_at END AS sent_at, d.id AS delivery_id
  FROM reminders r LEFT JOIN reminder_deliveries d ON d.reminder_id = r.id AND d.channel = 'email'`

export function reminderRows(app: App, interviewId: number): ReminderRow[] {
  return app.db
    .prepare(`${EMAIL_STATE_SQL} WHERE r.interview_id = ? ORDER BY r.due_at, r.id`)
    .all(interviewId) as ReminderRow[]
}

export function reminderRow(app: App, interviewId: number, kind: ReminderRow['kind'], lead = 0): ReminderRow {
  const row = app.db
    .prepare(`${EMAIL_STATE_SQL} WHERE r.interview_id = ? AND r.kind = ? AND r.lead = ?`)
    .get(interviewId, kind, lead) as ReminderRow | undefined
  if (!row) throw new Error(`no ${kind}/${lead} reminder for interview ${interviewId}`)
  return row
}

/** Only one kind of reminder, no quiet hours: keeps a test about the dispatcher free of planning details. */
export const ONLY_RESEARCH: Partial<ReminderSettings> = {
  leads: [],
  researchEnabled: true,
  overdueEnabled: false,
  quietHours: null,
}

/** Every default reminder, but none held back by quiet hours: each is due exactly when it was planned. */
export const NO_QUIET: Partial<ReminderSettings> = { quietHours: null }

/** What a process does before it sends: hands due reminders to their channels and claims the e-mail deliveries. */
export function claimDueEmail(app: App, now: number, leaseUntil: number, limit: number) {
  app.repos.reminders.handOffDue(now)
  return app.repos.reminderDeliveries.claimDue('email', now, leaseUntil, limit)
}
