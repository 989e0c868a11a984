import type { Confidence } from '../domain/interview.js'
import type { QuestionData } from '../domain/interviewInput.js'
import { MARK_END, MARK_START } from '../domain/search.js'
import type { Db } from './connection.js'
import { keyedRows } from './keyedRows.js'
import { mapOne, type QuestionContentRow } from './rows.js'

export interface Question extends QuestionData {
  id: number
  interviewId: number
  researchedAt: number | null
  createdAt: number
  updatedAt: number
}

/** A question bank row: the question, where it was asked, and (for a text search) the matches marked. */
export interface QuestionHit extends Question {
  company: string
  role: string
  interviewStartsAt: number
  /** Question text with MARK_START/MARK_END around matches; null without a text search. */
  textMarked: string | null
  /** The best-matching passage of any column, marked the same way; null without a text search. */
  snippetMarked: string | null
}

export interface QuestionFilter {
  /** An FTS5 query built by ftsQuery(), never raw user input. */
  match?: string | null | undefined
  confidence?: Confidence | undefined
  /** Matches a tag exactly, ignoring case. */
  topic?: string | undefined
  researched?: boolean | undefined
}

export interface QuestionRow extends QuestionContentRow {
  id: number
  interview_id: number
  interviewer_id: number | null
  researched: number
  researched_at: number | null
  include_in_follow_up: number
  created_at: number
  updated_at: number
}

interface HitRow extends QuestionRow {
  company: string
  role: string
  interview_starts_at: number
  text_marked: string | null
  snippet_marked: string | null
}

export const QUESTION_COLUMNS = `q.id, q.interview_id, q.interviewer_id, q.text, q.confidence, q.topics, q.my_answer,
  q.researched_answer, q.sources, q.researched, q.researched_at, q.include_in_follow_up, q.created_at, q.updated_at`
const RETURNING = QUESTION_COLUMNS.replaceAll('q.', '')

const toQuestion = (row: QuestionRow): Question => ({
  id: row.id,
  interviewId: row.interview_id,
  interviewerId: row.interviewer_id,
  text: row.text,
  confidence: row.confidence,
  topics: JSON.parse(row.topics) as string[],
  myAnswer: row.my_answer,
  researchedAnswer: row.researched_answer,
  sources: JSON.parse(row.sources) as string[],
  researched: row.researched === 1,
  researchedAt: row.researched_at,
  includeInFollowUp: row.include_in_follow_up === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

const toHit = (row: HitRow): QuestionHit => ({
  ...toQuestion(row),
  company: row.company,
  role: row.role,
  interviewStartsAt: row.interview_starts_at,
  textMarked: row.text_marked,
  snippetMarked: row.snippet_marked,
})

// The interviewer, when given, must be one of the same interview's (and so the same user's).
const INTERVIEWER_GUARD = `(@interviewerId IS NULL OR EXISTS (
  SELECT 1 FROM interviewers p WHERE p.id = @interviewerId AND p.interview_id = @interviewId AND p.user_id = @userId))`

const FILTER_SQL = `
  AND (@confidence IS NULL OR q.confidence = @confidence)
  AND (@researched IS NULL OR q.researched = @researched)
  AND (@topic IS NULL OR EXISTS (SELECT 1 FROM json_each(q.topics) t WHERE t.value = @topic COLLATE NOCASE))`

/** A researched question like another one: what the research page offers to reuse. */
export interface SimilarQuestion {
  id: number
  text: string
  researchedAnswer: string
  sources: string[]
  company: string
  role: string
}

/** Matches in the question's own words count most, then its tags, then the answers. */
const SIMILAR_RANK = 'bm25(questions_fts, 4.0, 2.0, 1.0, 1.0)'

export const QUESTION_SQL = {
  /** One interview's questions for its page, in order: a search of questions_of_interview. */
  forInterview: `SELECT ${QUESTION_COLUMNS} FROM questions q WHERE q.interview_id = ? AND q.user_id = ? ORDER BY q.created_at, q.id`,
  /**
   * The user's other researched questions sharing words with one (@match from similarQuery()),
   * best first: the full-text index finds the candidates, each then read by its rowid. CROSS
   * JOIN keeps that order and NOT INDEXED that lookup (rowid lookups stay allowed); left to
   * itself the planner walks the user's researched questions (questions_researched) instead.
   */
  similar: `SELECT q.id, q.text, q.researched_answer, q.sources, i.company, i.role
     FROM questions_fts
     CROSS JOIN questions q NOT INDEXED ON q.id = questions_fts.rowid
     JOIN interviews i ON i.id = q.interview_id AND i.user_id = q.user_id
     WHERE questions_fts MATCH @match AND q.user_id = @userId AND q.id <> @id
       AND trim(q.researched_answer) <> ''
     ORDER BY ${SIMILAR_RANK}, q.id DESC LIMIT @limit`,
} as const

const MARKS = `char(${MARK_START.codePointAt(0)}), char(${MARK_END.codePointAt(0)})`

/** Questions of one user, searchable through the questions_fts index the migration keeps in sync. */
export function questionsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, topics, my_answer,
       researched_answer, sources, researched, researched_at, include_in_follow_up, created_at, updated_at)
     SELECT @userId, i.id, @interviewerId, @text, @confidence, @topics, @myAnswer, @researchedAnswer, @sources,
       @researched, CASE WHEN @researched = 1 THEN @now END, @includeInFollowUp, @now, @now
     FROM interviews i WHERE i.id = @interviewId AND i.user_id = @userId AND ${INTERVIEWER_GUARD}
     RETURNING ${RETURNING}`,
  )
  const byId = db.prepare(`SELECT ${QUESTION_COLUMNS} FROM questions q WHERE q.id = ? AND q.user_id = ?`)
  const forInterview = keyedRows<QuestionRow>(db.prepare(QUESTION_SQL.forInterview))
  const forFollowUp = db.prepare(
    `SELECT ${QUESTION_COLUMNS} FROM questions q
     WHERE q.interview_id = ? AND q.user_id = ? AND q.researched = 1 AND q.include_in_follow_up = 1
     ORDER BY q.created_at, q.id`,
  )
  // researched (derived from the answer by checkQuestion) dates the moment the answer first
  // became non-empty in researched_at, which is cleared when the answer is emptied.
  const update = db.prepare(
    `UPDATE questions SET interviewer_id = @interviewerId, text = @text, confidence = @confidence,
       topics = @topics, my_answer = @myAnswer, researched_answer = @researchedAnswer, sources = @sources,
       researched = @researched,
       researched_at = CASE WHEN @researched = 1 THEN coalesce(researched_at, @now) END,
       include_in_follow_up = @includeInFollowUp, updated_at = @now
     WHERE id = @id AND user_id = @userId AND interview_id = @interviewId AND ${INTERVIEWER_GUARD}
     RETURNING ${RETURNING}`,
  )
  const remove = db.prepare('DELETE FROM questions WHERE id = ? AND user_id = ?')
  const similar = db.prepare(QUESTION_SQL.similar)
  const search = db.prepare(
    `SELECT ${QUESTION_COLUMNS}, i.company, i.role, i.starts_at AS interview_starts_at,
       highlight(questions_fts, 0, ${MARKS}) AS text_marked,
       snippet(questions_fts, -1, ${MARKS}, '…', 16) AS snippet_marked
     FROM questions_fts
     JOIN questions q ON q.id = questions_fts.rowid
     JOIN interviews i ON i.id = q.interview_id AND i.user_id = q.user_id
     WHERE questions_fts MATCH @match AND q.user_id = @userId ${FILTER_SQL}
     ORDER BY rank, q.id DESC LIMIT @limit OFFSET @offset`,
  )
  const searchCount = db
    .prepare(
      `SELECT count(*) FROM questions_fts JOIN questions q ON q.id = questions_fts.rowid
       WHERE questions_fts MATCH @match AND q.user_id = @userId ${FILTER_SQL}`,
    )
    .pluck()
  const browse = db.prepare(
    `SELECT ${QUESTION_COLUMNS}, i.company, i.role, i.starts_at AS interview_starts_at,
       NULL AS text_marked, NULL AS snippet_marked
     FROM questions q JOIN interviews i ON i.id = q.interview_id AND i.user_id = q.user_id
     WHERE q.user_id = @userId ${FILTER_SQL}
     ORDER BY q.created_at DESC, q.id DESC LIMIT @limit OFFSET @offset`,
  )
  const browseCount = db
    .prepare(`SELECT count(*) FROM questions q WHERE q.user_id = @userId ${FILTER_SQL}`)
    .pluck()
  const topics = db
    .prepare(
      `SELECT min(t.value) FROM questions q, json_each(q.topics) t WHERE q.user_id = ?
       GROUP BY lower(t.value) ORDER BY lower(t.value)`,
    )
    .pluck()

  const params = (data: QuestionData) => ({
    ...data,
    topics: JSON.stringify(data.topics),
    sources: JSON.stringify(data.sources),
    researched: data.researched ? 1 : 0,
    includeInFollowUp: data.includeInFollowUp ? 1 : 0,
  })

  return {
    /** undefined when the interview is not this user's, or the interviewer is not one of that interview's. */
    create(userId: number, interviewId: number, data: QuestionData, now: number): Question | undefined {
      return mapOne(insert.get({ ...params(data), userId, interviewId, now }), toQuestion)
    },

    get(userId: number, id: number): Question | undefined {
      return mapOne(byId.get(id, userId), toQuestion)
    },

    listForInterview(userId: number, interviewId: number): Question[] {
      return forInterview.all(interviewId, userId).map(toQuestion)
    },

    /** Researched questions the user chose to include in the follow-up, oldest first. */
    listForFollowUp(userId: number, interviewId: number): Question[] {
      return (forFollowUp.all(interviewId, userId) as QuestionRow[]).map(toQuestion)
    },

    /** Replaces every editable field; undefined when not found or the interviewer does not fit. */
    update(userId: number, id: number, data: QuestionData, now: number): Question | undefined {
      const current = byId.get(id, userId) as QuestionRow | undefined
      if (!current) return undefined
      return mapOne(
        update.get({ ...params(data), id, userId, interviewId: current.interview_id, now }),
        toQuestion,
      )
    },

    remove(userId: number, id: number): boolean {
      return remove.run(id, userId).changes === 1
    },

    search(
      userId: number,
      filter: QuestionFilter,
      page: { limit: number; offset: number },
    ): { items: QuestionHit[]; total: number } {
      const params = {
        userId,
        confidence: filter.confidence ?? null,
        topic: filter.topic ?? null,
        researched: filter.researched === undefined ? null : filter.researched ? 1 : 0,
      }
      if (filter.match) {
        const withMatch = { ...params, match: filter.match }
        return {
          items: (search.all({ ...withMatch, ...page }) as HitRow[]).map(toHit),
          total: searchCount.get(withMatch) as number,
        }
      }
      return {
        items: (browse.all({ ...params, ...page }) as HitRow[]).map(toHit),
        total: browseCount.get(params) as number,
      }
    },

    /** Other researched questions of the user matching `match` (built by similarQuery()), best first. */
    similar(userId: number, id: number, match: string, limit: number): SimilarQuestion[] {
      const rows = similar.all({ userId, id, match, limit }) as {
        id: number
        text: string
        researched_answer: string
        sources: string
        company: string
        role: string
      }[]
      return rows.map((row) => ({
        id: row.id,
        text: row.text,
        researchedAnswer: row.researched_answer,
        sources: JSON.parse(row.sources) as string[],
        company: row.company,
        role: row.role,
      }))
    },

    /** Every tag the user has used, one spelling per tag, for filter pickers. */
    topics(userId: number): string[] {
      return topics.all(userId) as string[]
    },
  }
}

export type QuestionsRepository = ReturnType<typeof questionsRepository>
