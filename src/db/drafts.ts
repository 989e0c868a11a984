import { createHash, randomBytes } from 'node:crypto'
import type { DraftKind, DraftState, Tone } from '../domain/drafts.js'
import type { FollowUpQuestion, SentChange, SentTimes } from '../domain/followUp.js'
import type { FollowUpState, Outcome } from '../domain/interview.js'
import type { Db } from './connection.js'
import type { FollowUpRepository } from './followUp.js'
import type { InterviewerRow } from './interviewers.js'
import type { InterviewRow } from './interviews.js'

export interface Draft {
  id: number
  interviewId: number
  interviewerId: number
  kind: DraftKind
  tone: Tone
  subject: string
  body: string
  edited: boolean
  renderedHash: string
  state: DraftState
  sentAt: number | null
  sentVia: 'debrief' | 'manual' | null
  messageKey: string
  messageId: string | null
  attempts: number
  leaseUntil: number | null
  lastAttemptAt: number | null
  lastError: string | null
  lastErrorKind: 'temporary' | 'permanent' | null
  createdAt: number
  updatedAt: number
}

export interface DraftRow {
  id: number
  interview_id: number
  interviewer_id: number
  kind: DraftKind
  tone: Tone
  subject: string
  body: string
  edited: number
  rendered_hash: string
  state: DraftState
  sent_at: number | null
  sent_via: 'debrief' | 'manual' | null
  message_key: string
  message_id: string | null
  attempts: number
  lease_until: number | null
  last_attempt_at: number | null
  last_error: string | null
  last_error_kind: 'temporary' | 'permanent' | null
  created_at: number
  updated_at: number
}

export const DRAFT_COLUMNS = `id, interview_id, interviewer_id, kind, tone, subject, body, edited, rendered_hash, state, sent_at,
  sent_via, message_key, message_id, attempts, lease_until, last_attempt_at, last_error, last_error_kind,
  created_at, updated_at`

const toDraft = (row: DraftRow): Draft => ({
  id: row.id,
  interviewId: row.interview_id,
  interviewerId: row.interviewer_id,
  kind: row.kind,
  tone: row.tone,
  subject: row.subject,
  body: row.body,
  edited: row.edited === 1,
  renderedHash: row.rendered_hash,
  state: row.state,
  sentAt: row.sent_at,
  sentVia: row.sent_via,
  messageKey: row.message_key,
  messageId: row.message_id,
  attempts: row.attempts,
  leaseUntil: row.lease_until,
  lastAttemptAt: row.last_attempt_at,
  lastError: row.last_error,
  lastErrorKind: row.last_error_kind,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

/** The interview as the drafts need it; read here so drafts depend on nothing but the tables. */
export interface FollowUpInterview {
  id: number
  company: string
  role: string
  endsAt: number
  timeZone: string
  outcome: Outcome
  followUpState: FollowUpState
  followUpDoneAt: number | null
}

export interface FollowUpInterviewer {
  id: number
  name: string
  title: string
  email: string
  topics: string[]
  thankYouSentAt: number | null
  answersSentAt: number | null
}

export interface FollowUpData {
  interview: FollowUpInterview
  /** In the order they were added: the first one receives unattributed questions. */
  interviewers: FollowUpInterviewer[]
  questions: FollowUpQuestion[]
  /** The user's questions to the interviewers that have an answer recorded, oldest first. */
  asked: { question: string; answer: string }[]
}

export interface RenderedText {
  subject: string
  body: string
}

export type Renderer = (interviewerId: number, kind: DraftKind, tone: Tone) => RenderedText

export const renderedHash = (text: RenderedText) =>
  createHash('sha256').update(`${text.subject}\n${text.body}`).digest('hex').slice(0, 32)

/** A stored JSON list of strings, read leniently so that one damaged value cannot break a whole page or export. */
export const parseList = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json)
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
  } catch {
    return []
  }
}

/** Which of the interviewer's sent times a kind of note settles. */
export const COVERS: Record<DraftKind, readonly (keyof SentTimes)[]> = {
  thank_you: ['thankYouSentAt'],
  answers: ['answersSentAt'],
  combined: ['thankYouSentAt', 'answersSentAt'],
}

/** The kind that settles only that time; a combined note settles both. */
const SINGLE_KIND: Record<keyof SentTimes, DraftKind> = {
  thankYouSentAt: 'thank_you',
  answersSentAt: 'answers',
}

type FollowUp = Pick<FollowUpRepository, 'questions' | 'sentTimes' | 'recordSent'>

export function draftsRepository(db: Db, followUp: FollowUp) {
  const interview = db.prepare(
    `SELECT id, company, role, ends_at, time_zone, outcome, follow_up_state, follow_up_done_at
     FROM interviews WHERE id = ? AND user_id = ?`,
  )
  const interviewers = db.prepare(
    `SELECT id, name, title, email, topics, thank_you_sent_at, answers_sent_at
     FROM interviewers WHERE interview_id = ? AND user_id = ? ORDER BY created_at, id`,
  )
  const asked = db.prepare(
    `SELECT text, answer_heard FROM interview_asked
     WHERE interview_id = ? AND user_id = ? AND trim(answer_heard) <> '' ORDER BY created_at, id`,
  )
  const forInterview = db.prepare(
    `SELECT ${DRAFT_COLUMNS} FROM drafts WHERE interview_id = ? AND user_id = ? ORDER BY interviewer_id, id`,
  )
  const byId = db.prepare(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE id = ? AND user_id = ?`)
  const byKind = db.prepare(
    `SELECT ${DRAFT_COLUMNS} FROM drafts WHERE interviewer_id = ? AND kind = ? AND user_id = ?`,
  )
  const insert = db.prepare(
    `INSERT INTO drafts (user_id, interview_id, interviewer_id, kind, tone, subject, body, rendered_hash,
       message_key, created_at, updated_at)
     VALUES (@userId, @interviewId, @interviewerId, @kind, @tone, @subject, @body, @hash, @key, @now, @now)
     ON CONFLICT (interviewer_id, kind) DO NOTHING`,
  )
  const refresh = db.prepare(
    `UPDATE drafts SET subject = @subject, body = @body, rendered_hash = @hash, updated_at = @now
     WHERE id = @id AND user_id = @userId AND edited = 0 AND state = 'draft' AND rendered_hash <> @hash`,
  )
  const regenerate = db.prepare(
    `UPDATE drafts SET tone = @tone, subject = @subject, body = @body, rendered_hash = @hash, edited = 0,
       updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'draft'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  // Saving unchanged text keeps the draft generated, so it still follows the interview data.
  const edit = db.prepare(
    `UPDATE drafts SET
       edited = CASE WHEN subject = @subject AND body = @body THEN edited ELSE 1 END,
       subject = @subject, body = @body, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'draft'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const sentFromQueue = db.prepare(
    `UPDATE drafts SET state = 'sent', sent_at = @now, sent_via = 'debrief', message_id = @messageId,
       attempts = attempts + 1, lease_until = NULL, last_error = NULL, last_error_kind = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const failed = db.prepare(
    `UPDATE drafts SET last_error = @error, last_error_kind = @kind, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'`,
  )
  const sentManually = db.prepare(
    `UPDATE drafts SET state = 'sent', sent_at = @now, sent_via = 'manual', lease_until = NULL,
       updated_at = @now
     WHERE id = @id AND user_id = @userId AND state <> 'sent'
       AND NOT EXISTS (SELECT 1 FROM outgoing_drafts o WHERE o.draft_id = drafts.id AND o.state IN ('queued', 'sending'))
     RETURNING ${DRAFT_COLUMNS}`,
  )
  const unmark = db.prepare(
    `UPDATE drafts SET state = 'draft', sent_at = NULL, sent_via = NULL, updated_at = @now
     WHERE id = @id AND user_id = @userId AND state = 'sent' AND sent_via = 'manual'
     RETURNING ${DRAFT_COLUMNS}`,
  )
  // Another note still marked sent that covers the same thing, for un-marking to fall back to.
  const otherSent = db
    .prepare(
      `SELECT min(sent_at) FROM drafts
       WHERE interviewer_id = @interviewerId AND user_id = @userId AND state = 'sent'
         AND kind IN (@kind, 'combined')`,
    )
    .pluck()

  function followUpData(userId: number, interviewId: number): FollowUpData | undefined {
    const row = interview.get(interviewId, userId) as
      | Pick<
          InterviewRow,
          | 'id'
          | 'company'
          | 'role'
          | 'ends_at'
          | 'time_zone'
          | 'outcome'
          | 'follow_up_state'
          | 'follow_up_done_at'
        >
      | undefined
    if (!row) return undefined
    const people = interviewers.all(interviewId, userId) as Pick<
      InterviewerRow,
      'id' | 'name' | 'title' | 'email' | 'topics' | 'thank_you_sent_at' | 'answers_sent_at'
    >[]
    return {
      interview: {
        id: row.id,
        company: row.company,
        role: row.role,
        endsAt: row.ends_at,
        timeZone: row.time_zone,
        outcome: row.outcome,
        followUpState: row.follow_up_state,
        followUpDoneAt: row.follow_up_done_at,
      },
      interviewers: people.map((p) => ({
        id: p.id,
        name: p.name,
        title: p.title,
        email: p.email,
        topics: parseList(p.topics),
        thankYouSentAt: p.thank_you_sent_at,
        answersSentAt: p.answers_sent_at,
      })),
      questions: followUp.questions(userId, interviewId),
      asked: (asked.all(interviewId, userId) as { text: string; answer_heard: string }[]).map((a) => ({
        question: a.text,
        answer: a.answer_heard,
      })),
    }
  }

  /** A note going out records its interviewer's sent times; an earlier record of the same note keeps its time. */
  function recordSent(userId: number, draft: Draft, now: number) {
    const current = followUp.sentTimes(userId, draft.interviewerId)
    if (!current) return
    const change: SentChange = {}
    for (const note of COVERS[draft.kind]) change[note] = current[note] ?? draft.sentAt
    followUp.recordSent(userId, draft.interviewerId, change, now)
  }

  /**
   * Un-marking withdraws only a time this draft provided, falling back to another sent note
   * covering the same thing; a time recorded some other way (earlier, by hand) stays.
   */
  function withdrawSent(userId: number, draft: Draft, now: number) {
    const current = followUp.sentTimes(userId, draft.interviewerId)
    if (!current) return
    const change: SentChange = {}
    for (const note of COVERS[draft.kind]) {
      if (current[note] !== draft.sentAt) continue
      const params = { interviewerId: draft.interviewerId, userId, kind: SINGLE_KIND[note] }
      change[note] = (otherSent.get(params) as number | null) ?? null
    }
    followUp.recordSent(userId, draft.interviewerId, change, now)
  }

  const get = (userId: number, id: number) => {
    const row = byId.get(id, userId) as DraftRow | undefined
    return row ? toDraft(row) : undefined
  }

  return {
    followUpData,

    get,

    listForInterview(userId: number, interviewId: number): Draft[] {
      return (forInterview.all(interviewId, userId) as DraftRow[]).map(toDraft)
    },

    /**
     * The stored draft for this interviewer and kind, created from the templates when missing
     * and following the latest interview data while it is unedited. Called by the actions that
     * need a stored draft (edit, send, mark), never by a read.
     */
    ensure: db.transaction(
      (
        userId: number,
        interviewId: number,
        interviewerId: number,
        kind: DraftKind,
        render: Renderer,
        now: number,
      ): Draft | undefined => {
        const existing = (forInterview.all(interviewId, userId) as DraftRow[]).map(toDraft)
        const current = existing.find((d) => d.interviewerId === interviewerId && d.kind === kind)
        if (!current) {
          // A new note takes the tone already chosen for this interviewer's other notes.
          const tone = existing.find((d) => d.interviewerId === interviewerId)?.tone ?? 'warm'
          const text = render(interviewerId, kind, tone)
          insert.run({
            userId,
            interviewId,
            interviewerId,
            kind,
            tone,
            ...text,
            hash: renderedHash(text),
            key: randomBytes(12).toString('hex'),
            now,
          })
        } else if (!current.edited && current.state === 'draft') {
          const text = render(interviewerId, kind, current.tone)
          refresh.run({ id: current.id, userId, ...text, hash: renderedHash(text), now })
        }
        const row = byKind.get(interviewerId, kind, userId) as DraftRow | undefined
        return row ? toDraft(row) : undefined
      },
    ),

    regenerate(userId: number, id: number, tone: Tone, text: RenderedText, now: number): Draft | undefined {
      const row = regenerate.get({ id, userId, tone, ...text, hash: renderedHash(text), now }) as
        | DraftRow
        | undefined
      return row ? toDraft(row) : undefined
    },

    /** undefined when the draft is not this user's or is no longer a draft. */
    edit(userId: number, id: number, text: RenderedText, now: number): Draft | undefined {
      const row = edit.get({ id, userId, ...text, now }) as DraftRow | undefined
      return row ? toDraft(row) : undefined
    },

    /** A queued send was accepted by the mail server: the draft is sent, with what it settles. */
    settleDelivered(userId: number, id: number, messageId: string, now: number): Draft | undefined {
      const row = sentFromQueue.get({ id, userId, messageId, now }) as DraftRow | undefined
      if (!row) return undefined
      const draft = toDraft(row)
      recordSent(userId, draft, now)
      return draft
    },

    /** A queued send that will not go out: the draft stays a draft and says why. */
    recordFailure(userId: number, id: number, error: string, kind: 'temporary' | 'permanent', now: number) {
      failed.run({ id, userId, error, kind, now })
    },

    /** For a note sent from the user's own mail client. */
    markSent: db.transaction((userId: number, id: number, now: number): Draft | undefined => {
      const row = sentManually.get({ id, userId, now }) as DraftRow | undefined
      if (!row) return undefined
      const draft = toDraft(row)
      recordSent(userId, draft, now)
      return draft
    }),

    /** Only notes marked by hand can be un-marked: a message Debrief delivered stays delivered. */
    unmarkSent: db.transaction((userId: number, id: number, now: number): Draft | undefined => {
      const before = get(userId, id)
      const row = unmark.get({ id, userId, now }) as DraftRow | undefined
      if (!before || !row) return undefined
      withdrawSent(userId, before, now)
      return toDraft(row)
    }),
  }
}

export type DraftsRepository = ReturnType<typeof draftsRepository>
