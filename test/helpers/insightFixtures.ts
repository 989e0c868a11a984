import type { Db } from '../../src/db/connection.js'
import type { InsightInterview, InsightInterviewer, InsightQuestion } from '../../src/domain/insights.js'
import type { Confidence, FollowUpState, InterviewKind, Outcome } from '../../src/domain/interview.js'

/** Test data written straight into the tables (schema 0002), independent of the other features' code. */
export interface FixtureInterview {
  company: string
  role: string
  kind: InterviewKind
  startsAt: string | number
  endsAt: string | number
  timeZone?: string
  location?: string
  jobUrl?: string
  notes?: string
  outcome?: Outcome
  followUpState?: FollowUpState
  followUpDoneAt?: string | number | null
  createdAt?: string | number
  updatedAt?: string | number
  interviewers?: FixtureInterviewer[]
  questions?: FixtureQuestion[]
}

export interface FixtureInterviewer {
  name: string
  title?: string
  email?: string
  topics?: string[]
  thankYouSentAt?: string | number | null
  answersSentAt?: string | number | null
}

export interface FixtureQuestion {
  text: string
  confidence: Confidence
  topics?: string[]
  /** Seeded with a stand-in researched answer unless researchedAnswer gives one. */
  researched?: boolean
  interviewerIndex?: number | null
  myAnswer?: string
  researchedAnswer?: string
  sources?: string[]
}

const ms = (value: string | number) => (typeof value === 'number' ? value : Date.parse(value))
const msOrNull = (value: string | number | null | undefined) =>
  value === null || value === undefined ? null : ms(value)

export function userIdOf(db: Db, email: string): number {
  const id = db.prepare('SELECT id FROM users WHERE email = ?').pluck().get(email) as number | undefined
  if (id === undefined) throw new Error(`no user ${email}`)
  return id
}

/** Inserts the interviews with their interviewers and questions; returns the new interview ids in order. */
export function seedInterviews(db: Db, userId: number, interviews: readonly FixtureInterview[]): number[] {
  const insertInterview = db
    .prepare(
      `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, location, job_url, notes,
         outcome, follow_up_state, follow_up_done_at, created_at, updated_at)
       VALUES (@userId, @company, @role, @kind, @startsAt, @endsAt, @timeZone, @location, @jobUrl, @notes,
         @outcome, @followUpState, @followUpDoneAt, @createdAt, @updatedAt) RETURNING id`,
    )
    .pluck()
  const insertInterviewer = db
    .prepare(
      `INSERT INTO interviewers (user_id, interview_id, name, title, email, topics, thank_you_sent_at,
         answers_sent_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
  const insertQuestion = db.prepare(
    `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, topics, my_answer,
       researched_answer, sources, researched, researched_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  )
  return db.transaction(() =>
    interviews.map((interview) => {
      const startsAt = ms(interview.startsAt)
      const createdAt = interview.createdAt === undefined ? startsAt - 86_400_000 : ms(interview.createdAt)
      const id = insertInterview.get({
        userId,
        company: interview.company,
        role: interview.role,
        kind: interview.kind,
        startsAt,
        endsAt: ms(interview.endsAt),
        timeZone: interview.timeZone ?? 'UTC',
        location: interview.location ?? '',
        jobUrl: interview.jobUrl ?? '',
        notes: interview.notes ?? '',
        outcome: interview.outcome ?? 'pending',
        followUpState: interview.followUpState ?? 'open',
        followUpDoneAt: msOrNull(interview.followUpDoneAt),
        createdAt,
        updatedAt: interview.updatedAt === undefined ? createdAt : ms(interview.updatedAt),
      }) as number
      const people = (interview.interviewers ?? []).map(
        (p, i) =>
          insertInterviewer.get(
            userId,
            id,
            p.name,
            p.title ?? '',
            p.email ?? '',
            JSON.stringify(p.topics ?? []),
            msOrNull(p.thankYouSentAt),
            msOrNull(p.answersSentAt),
            createdAt + i,
            createdAt + i,
          ) as number,
      )
      for (const [i, q] of (interview.questions ?? []).entries()) {
        insertQuestion.run(
          userId,
          id,
          q.interviewerIndex === undefined || q.interviewerIndex === null ? null : people[q.interviewerIndex],
          q.text,
          q.confidence,
          JSON.stringify(q.topics ?? []),
          q.myAnswer ?? '',
          // Researched means having an answer: a researched fixture without one gets a stand-in.
          q.researchedAnswer ?? (q.researched ? `Researched: ${q.text}` : ''),
          JSON.stringify(q.sources ?? []),
          q.researched ? 1 : 0,
          q.researched ? createdAt + 1000 * (i + 1) : null,
          createdAt + i,
          createdAt + i,
        )
      }
      return id
    }),
  )()
}

/**
 * Six interviews with known figures, for "now" = 2026-03-02T15:00Z (a Monday; TestClock's
 * default) and a user in UTC. The expected values are spelled out in the insights tests.
 */
export const INSIGHT_FIXTURE: FixtureInterview[] = [
  {
    company: 'Acme',
    role: 'Backend engineer',
    kind: 'technical',
    startsAt: '2026-02-23T14:00:00Z',
    endsAt: '2026-02-23T15:00:00Z',
    outcome: 'offer',
    followUpState: 'done',
    followUpDoneAt: '2026-02-24T10:00:00Z',
    interviewers: [
      { name: 'Ada', thankYouSentAt: '2026-02-23T17:00:00Z', answersSentAt: '2026-02-24T09:00:00Z' },
      { name: 'Alan', thankYouSentAt: '2026-02-23T19:00:00Z' },
    ],
    questions: [
      { text: 'How does a B-tree index work?', confidence: 'missed', topics: ['SQL', 'Indexes'] },
      { text: 'Explain isolation levels', confidence: 'shaky', topics: ['sql'], researched: true },
      { text: 'Write a join', confidence: 'nailed', topics: ['SQL'] },
    ],
  },
  {
    company: 'Globex',
    role: 'Engineer',
    kind: 'phone_screen',
    startsAt: '2026-02-16T10:00:00Z',
    endsAt: '2026-02-16T10:30:00Z',
    outcome: 'rejected',
    followUpState: 'done',
    followUpDoneAt: '2026-02-18T09:00:00Z',
    interviewers: [{ name: 'Grace', thankYouSentAt: '2026-02-18T09:00:00Z' }],
    questions: [
      { text: 'Design a URL shortener', confidence: 'missed', topics: ['System design'] },
      { text: 'Why us?', confidence: 'missed' },
    ],
  },
  {
    company: 'Initech',
    role: 'Staff engineer',
    kind: 'onsite',
    startsAt: '2026-02-25T09:00:00Z',
    endsAt: '2026-02-25T13:00:00Z',
    questions: [
      { text: 'Covering indexes?', confidence: 'shaky', topics: ['Indexes'] },
      { text: 'A conflict you resolved', confidence: 'shaky', topics: ['Behavioural'] },
    ],
  },
  {
    company: 'Umbrella',
    role: 'Platform engineer',
    kind: 'technical',
    startsAt: '2026-03-02T09:00:00Z',
    endsAt: '2026-03-02T10:00:00Z',
    interviewers: [{ name: 'Linus', thankYouSentAt: '2026-03-02T11:00:00Z' }],
    questions: [
      {
        text: 'Design a cache for a feed',
        confidence: 'missed',
        topics: ['System design', 'Caching'],
        researched: true,
      },
    ],
  },
  {
    company: 'Hooli',
    role: 'Engineer',
    kind: 'hr_culture',
    startsAt: '2026-01-12T09:00:00Z',
    endsAt: '2026-01-12T10:00:00Z',
    outcome: 'withdrawn',
    followUpState: 'not_needed',
    followUpDoneAt: '2026-01-12T12:00:00Z',
  },
  {
    company: 'Vandelay',
    role: 'Engineer',
    kind: 'technical',
    startsAt: '2025-11-03T10:00:00Z',
    endsAt: '2025-11-03T11:00:00Z',
    outcome: 'rejected',
    followUpState: 'done',
    followUpDoneAt: '2025-11-03T12:00:00Z',
  },
]

/** The fixture as the plain rows the pure insight functions take (ids are positions + 1). */
export function fixtureRows(fixture: readonly FixtureInterview[] = INSIGHT_FIXTURE): {
  interviews: InsightInterview[]
  interviewers: InsightInterviewer[]
  questions: InsightQuestion[]
} {
  return {
    interviews: fixture.map((i, n) => ({
      id: n + 1,
      kind: i.kind,
      startsAt: ms(i.startsAt),
      endsAt: ms(i.endsAt),
      outcome: i.outcome ?? 'pending',
      followUpState: i.followUpState ?? 'open',
      followUpDoneAt: msOrNull(i.followUpDoneAt),
    })),
    interviewers: fixture.flatMap((i, n) =>
      (i.interviewers ?? []).map((p) => ({
        interviewId: n + 1,
        thankYouSentAt: msOrNull(p.thankYouSentAt),
        answersSentAt: msOrNull(p.answersSentAt),
      })),
    ),
    questions: fixture.flatMap((i) =>
      (i.questions ?? []).map((q) => ({
        confidence: q.confidence,
        topics: q.topics ?? [],
        researched: q.researched ?? false,
      })),
    ),
  }
}

export interface FixtureDraft {
  interviewId: number
  interviewerId: number
  kind: 'thank_you' | 'answers' | 'combined'
  tone?: 'warm' | 'formal' | 'brief'
  subject: string
  body: string
  edited?: boolean
  sentAt?: string | number | null
  sentVia?: 'debrief' | 'manual' | null
  messageId?: string | null
  createdAt: string | number
}

export function seedDraft(db: Db, userId: number, draft: FixtureDraft): number {
  const sentAt = msOrNull(draft.sentAt)
  return db
    .prepare(
      `INSERT INTO drafts (user_id, interview_id, interviewer_id, kind, tone, subject, body, edited, rendered_hash,
         state, sent_at, sent_via, message_key, message_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .pluck()
    .get(
      userId,
      draft.interviewId,
      draft.interviewerId,
      draft.kind,
      draft.tone ?? 'warm',
      draft.subject,
      draft.body,
      draft.edited ? 1 : 0,
      `hash-${draft.subject.length}`,
      sentAt === null ? 'draft' : 'sent',
      sentAt,
      sentAt === null ? null : (draft.sentVia ?? 'manual'),
      Math.random().toString(16).slice(2),
      draft.messageId ?? null,
      ms(draft.createdAt),
      ms(draft.createdAt) + 60_000,
    ) as number
}

export function interviewerIds(db: Db, interviewId: number): number[] {
  return db
    .prepare('SELECT id FROM interviewers WHERE interview_id = ? ORDER BY id')
    .pluck()
    .all(interviewId) as number[]
}

/** Row counts of everything an import writes, to prove a refused file changed nothing. */
export function tableCounts(db: Db): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const table of [
    'interviews',
    'interviewers',
    'questions',
    'interview_asked',
    'ask_questions',
    'drafts',
    'reminders',
    'reminder_settings',
  ])
    counts[table] = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  counts.profiles = db
    .prepare("SELECT count(*) FROM users WHERE name = 'Imported Name' OR time_zone = 'Asia/Tokyo'")
    .pluck()
    .get() as number
  return counts
}
