import type { TestApp } from './app.js'

export interface InterviewerSeed {
  name: string
  title?: string
  email?: string
  topics?: string[]
}

export interface QuestionSeed {
  /** Index into the seeded interviewers; null: asked by nobody in particular. */
  by?: number | null
  text: string
  confidence?: 'missed' | 'shaky' | 'nailed'
  answer?: string
  sources?: string[]
  /** Defaults to true when an answer is given. */
  researched?: boolean
  include?: boolean
}

export interface DebriefSeed {
  company?: string
  role?: string
  /** Defaults to one hour before the clock's now, so the 24-hour window is open. */
  endsAt?: number
  timeZone?: string
  interviewers?: InterviewerSeed[]
  questions?: QuestionSeed[]
  asked?: { text: string; answer: string }[]
}

export interface Debrief {
  userId: number
  interviewId: number
  interviewerIds: number[]
  questionIds: number[]
}

export function userIdOf(app: TestApp, email: string): number {
  const user = app.repos.users.findByEmail(email)
  if (!user) throw new Error(`no user ${email}`)
  return user.id
}

/**
 * Writes an interview with its people and questions straight into the tables, then plans its
 * reminders the way creating an interview does, so the drafts can be tested on exactly the
 * data they read.
 */
export function seedDebrief(app: TestApp, userId: number, seed: DebriefSeed = {}): Debrief {
  const now = app.clock.now()
  const endsAt = seed.endsAt ?? now - 60 * 60_000
  const db = app.db
  return db.transaction(() => {
    const interviewId = db
      .prepare(
        `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, created_at, updated_at)
         VALUES (?, ?, ?, 'technical', ?, ?, ?, ?, ?) RETURNING id`,
      )
      .pluck()
      .get(
        userId,
        seed.company ?? 'Initech',
        seed.role ?? 'Platform Engineer',
        endsAt - 60 * 60_000,
        endsAt,
        seed.timeZone ?? 'UTC',
        now,
        now,
      ) as number
    const people = seed.interviewers ?? [
      {
        name: 'Grace Hopper',
        title: 'Principal Engineer',
        email: 'grace@example.com',
        topics: ['compilers'],
      },
    ]
    const interviewerIds = people.map(
      (p, i) =>
        db
          .prepare(
            `INSERT INTO interviewers (user_id, interview_id, name, title, email, topics, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .pluck()
          .get(
            userId,
            interviewId,
            p.name,
            p.title ?? '',
            p.email ?? '',
            JSON.stringify(p.topics ?? []),
            now + i,
            now + i,
          ) as number,
    )
    const questionIds = (seed.questions ?? []).map(
      (q, i) =>
        db
          .prepare(
            `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, researched_answer, sources,
               researched, include_in_follow_up, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
          )
          .pluck()
          .get(
            userId,
            interviewId,
            q.by === null || q.by === undefined ? null : interviewerIds[q.by],
            q.text,
            q.confidence ?? 'missed',
            q.answer ?? '',
            JSON.stringify(q.sources ?? []),
            (q.researched ?? Boolean(q.answer)) ? 1 : 0,
            q.include === false ? 0 : 1,
            now + i,
            now + i,
          ) as number,
    )
    for (const [i, a] of (seed.asked ?? []).entries()) {
      db.prepare(
        `INSERT INTO interview_asked (user_id, interview_id, text, answer_heard, created_at) VALUES (?, ?, ?, ?, ?)`,
      ).run(userId, interviewId, a.text, a.answer, now + i)
    }
    app.repos.reminders.syncForInterview(interviewId, now)
    return { userId, interviewId, interviewerIds, questionIds }
  })()
}

export interface ReminderRow {
  kind: string
  lead: number
  state: string
  due_at: number
}

export function remindersOf(app: TestApp, interviewId: number): ReminderRow[] {
  return app.db
    .prepare('SELECT kind, lead, state, due_at FROM reminders WHERE interview_id = ? ORDER BY due_at, kind')
    .all(interviewId) as ReminderRow[]
}

export function interviewState(app: TestApp, interviewId: number) {
  return app.db
    .prepare('SELECT follow_up_state, follow_up_done_at FROM interviews WHERE id = ?')
    .get(interviewId) as { follow_up_state: string; follow_up_done_at: number | null }
}

export function interviewerState(app: TestApp, interviewerId: number) {
  return app.db
    .prepare('SELECT thank_you_sent_at, answers_sent_at FROM interviewers WHERE id = ?')
    .get(interviewerId) as { thank_you_sent_at: number | null; answers_sent_at: number | null }
}
