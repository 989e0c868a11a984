import { randomBytes } from 'node:crypto'
import type { ExportDocument, ExportDraft, ExportInterview } from '../domain/transfer.js'
import { importedResearch, ms, msOrNull } from '../domain/transfer.js'
import type { Db } from './connection.js'
import { importInserts } from './importInserts.js'
import type { ImportSummary } from './importJobs.js'

/** The tables an import writes, in the order their rows are handed over (parents first). */
const OWNED_TABLES = [
  'ask_questions',
  'interviews',
  'interviewers',
  'questions',
  'interview_asked',
  'drafts',
  'study_cards',
  'study_reviews',
  'coach_comments',
]

/** Where the rows of one import have gone so far: ids in the stand-in account, by document position. */
export interface StagedIds {
  bank: number[]
  interviews: (number | undefined)[]
  people: number[][]
  /** Question ids by interview, then by position in that interview. */
  questions: number[][]
}

/**
 * The SQL of an import job. Rows are written under a stand-in account in short transactions and
 * handed to the user in one last, short one (a few UPDATEs of user_id), so the user sees all of an
 * import or none of it, and nobody waits for the database meanwhile. Reads and writes the tables
 * directly, like the export, because a lossless copy keeps creation, send and completion times.
 */
export function importStagingRepository(db: Db) {
  const insertStandIn = db
    .prepare(
      `INSERT INTO users (email, name, password_hash, time_zone, is_admin, created_at, updated_at)
       VALUES (?, 'Import in progress', '!', 'UTC', 0, ?, ?) RETURNING id`,
    )
    .pluck()
  const bank = db.prepare('SELECT id, text FROM ask_questions WHERE user_id = ? ORDER BY id')
  const duplicate = db
    .prepare(
      `SELECT 1 FROM interviews
       WHERE user_id = @userId AND company = @company AND role = @role AND starts_at = @startsAt AND ends_at = @endsAt
       LIMIT 1`,
    )
    .pluck()
  const insertAskQuestion = db
    .prepare('INSERT INTO ask_questions (user_id, text, created_at) VALUES (?, ?, ?) RETURNING id')
    .pluck()
  const { insertInterview, insertInterviewer, insertQuestion, insertAsked, insertDraft } = importInserts(db)
  const handOver = OWNED_TABLES.map((table) =>
    db.prepare(`UPDATE ${table} SET user_id = @userId WHERE user_id = @standIn`),
  )
  const updateProfile = db.prepare('UPDATE users SET name = ?, time_zone = ?, updated_at = ? WHERE id = ?')
  // Deleting an interview takes its interviewers, questions, drafts and asked questions with it.
  const deleteSomeInterviews = db.prepare(
    'DELETE FROM interviews WHERE id IN (SELECT id FROM interviews WHERE user_id = ? LIMIT ?)',
  )
  const deleteUser = db.prepare('DELETE FROM users WHERE id = ?')

  /** One interview and everything inside it, under the stand-in account. */
  function stageInterview(
    standIn: number,
    interview: ExportInterview,
    bankIds: readonly number[],
    summary: ImportSummary,
  ) {
    const interviewId = insertInterview.get({
      userId: standIn,
      company: interview.company,
      role: interview.role,
      kind: interview.kind,
      startsAt: ms(interview.startsAt),
      endsAt: ms(interview.endsAt),
      timeZone: interview.timeZone,
      location: interview.location,
      jobUrl: interview.jobUrl,
      notes: interview.notes,
      outcome: interview.outcome,
      followUpState: interview.followUpState,
      followUpDoneAt: msOrNull(interview.followUpDoneAt),
      createdAt: ms(interview.createdAt),
      updatedAt: ms(interview.updatedAt),
    }) as number
    summary.interviews++
    const people = interview.interviewers.map(
      (person) =>
        insertInterviewer.get({
          userId: standIn,
          interviewId,
          name: person.name,
          title: person.title,
          email: person.email,
          notes: person.notes,
          topics: JSON.stringify(person.topics),
          thankYouSentAt: msOrNull(person.thankYouSentAt),
          answersSentAt: msOrNull(person.answersSentAt),
          createdAt: ms(person.createdAt),
          updatedAt: ms(person.updatedAt),
        }) as number,
    )
    summary.interviewers += people.length
    const questionIds: number[] = []
    for (const question of interview.questions) {
      const questionId = insertQuestion.get({
        userId: standIn,
        interviewId,
        interviewerId: question.interviewerIndex === null ? null : people[question.interviewerIndex],
        text: question.text,
        confidence: question.confidence,
        topics: JSON.stringify(question.topics),
        myAnswer: question.myAnswer,
        ...importedResearch(question),
        sources: JSON.stringify(question.sources),
        includeInFollowUp: question.includeInFollowUp ? 1 : 0,
        createdAt: ms(question.createdAt),
        updatedAt: ms(question.updatedAt),
      }) as number
      questionIds.push(questionId)
      summary.questions++
    }
    for (const entry of interview.asked) {
      insertAsked.run({
        userId: standIn,
        interviewId,
        askQuestionId: entry.askQuestionIndex === null ? null : bankIds[entry.askQuestionIndex],
        text: entry.text,
        answerHeard: entry.answerHeard,
        createdAt: ms(entry.createdAt),
      })
      summary.asked++
    }
    return { interviewId, people, questionIds }
  }

  return {
    /** A fresh account nobody can sign in to (no valid password hash, an unguessable address). */
    createStandIn(now: number): number {
      return insertStandIn.get(
        `import-${randomBytes(12).toString('hex')}@staging.invalid`,
        now,
        now,
      ) as number
    },

    /**
     * The document's questions to ask: each takes an existing entry of the user's bank with the
     * same text (each existing entry at most once), or becomes a new one in the stand-in account.
     */
    stageBank: db.transaction(
      (
        userId: number,
        standIn: number,
        doc: ExportDocument,
        summary: ImportSummary,
        now: number,
      ): number[] => {
        const existing = bank.all(userId) as { id: number; text: string }[]
        const claimed = new Set<number>()
        return doc.askQuestions.map((entry) => {
          const match = existing.find((row) => row.text === entry.text && !claimed.has(row.id))
          if (match) {
            claimed.add(match.id)
            return match.id
          }
          summary.askQuestions++
          return insertAskQuestion.get(standIn, entry.text, now) as number
        })
      },
    ),

    /**
     * Interviews [from, to) of the document. Only interviews already in the user's account count
     * as duplicates: two identical interviews in the document (logged twice) are both kept.
     */
    stageInterviews: db.transaction(
      (
        userId: number,
        standIn: number,
        doc: ExportDocument,
        range: { from: number; to: number },
        ids: StagedIds,
        summary: ImportSummary,
      ): void => {
        for (let i = range.from; i < range.to; i++) {
          const interview = doc.interviews[i]!
          const key = { company: interview.company, role: interview.role }
          const times = { startsAt: ms(interview.startsAt), endsAt: ms(interview.endsAt) }
          if (duplicate.get({ userId, ...key, ...times }) !== undefined) {
            summary.skippedInterviews++
            ids.interviews[i] = undefined
            ids.people[i] = []
            ids.questions[i] = []
            continue
          }
          const staged = stageInterview(standIn, interview, ids.bank, summary)
          ids.interviews[i] = staged.interviewId
          ids.people[i] = staged.people
          ids.questions[i] = staged.questionIds
        }
      },
    ),

    /** Drafts [from, to) of the document; drafts of skipped interviews are skipped with them. */
    stageDrafts: db.transaction(
      (
        standIn: number,
        drafts: readonly ExportDraft[],
        range: { from: number; to: number },
        ids: StagedIds,
        summary: ImportSummary,
      ): void => {
        for (let i = range.from; i < range.to; i++) {
          const draft = drafts[i]!
          const interviewId = ids.interviews[draft.interviewIndex]
          if (interviewId === undefined) continue
          insertDraft.run({
            userId: standIn,
            interviewId,
            interviewerId: ids.people[draft.interviewIndex]![draft.interviewerIndex],
            kind: draft.kind,
            tone: draft.tone,
            subject: draft.subject,
            body: draft.body,
            edited: draft.edited ? 1 : 0,
            renderedHash: draft.renderedHash,
            state: draft.state,
            sentAt: msOrNull(draft.sentAt),
            sentVia: draft.sentVia,
            // The key is what makes a Message-ID unique, so each account's copy gets its own.
            messageKey: randomBytes(12).toString('hex'),
            messageId: draft.messageId,
            createdAt: ms(draft.createdAt),
            updatedAt: ms(draft.updatedAt),
          })
          summary.drafts++
        }
      },
    ),

    /** The account's name and zone from the document, first step of handing an import over. */
    importProfile(userId: number, doc: ExportDocument, now: number): void {
      updateProfile.run(doc.user.name.trim(), doc.user.timeZone, now, userId)
    },

    /**
     * Makes the import visible: the stand-in's rows become the user's and the stand-in goes. Not
     * a transaction itself: the import job wraps it with its settings, plans and bookkeeping.
     */
    handOver(userId: number, standIn: number): void {
      for (const statement of handOver) statement.run({ userId, standIn })
      deleteUser.run(standIn)
    },

    /**
     * Deletes up to `limit` interviews of a stand-in account (with their rows) and, once none is
     * left, the account itself. Returns true when everything is gone; call again until it is.
     */
    discardSome: db.transaction((standIn: number, limit: number): boolean => {
      if (deleteSomeInterviews.run(standIn, limit).changes === limit) return false
      deleteUser.run(standIn)
      return true
    }),
  }
}

export type ImportStagingRepository = ReturnType<typeof importStagingRepository>
