import type { QuestionCsvRow } from '../domain/csv.js'
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ExportDraft,
  type ExportInterview,
  iso,
  isoOrNull,
} from '../domain/transfer.js'
import { ASKED_COLUMNS, type AskedRow } from './askQuestions.js'
import type { Db } from './connection.js'
import { DRAFT_COLUMNS, type DraftRow, toDraftText } from './draftRows.js'
import { INTERVIEWER_COLUMNS, type InterviewerRow } from './interviewers.js'
import { INTERVIEW_COLUMNS, type InterviewRow, toInterview } from './interviews.js'
import { QUESTION_COLUMNS, type QuestionRow } from './questions.js'
import { parseList, toQuestionContent } from './rows.js'
import type { QuestionPosition } from './studyTransfer.js'

/** A question with the interview it was asked at, as the CSV export reads it. */
type CsvRow = Omit<QuestionRow, 'id' | 'interview_id' | 'interviewer_id' | 'created_at' | 'updated_at'> & {
  starts_at: number
  time_zone: string
  company: string
  role: string
  interviewer: string | null
}

/** What the export service completes with the reminder settings, the study cards and the coaches' comments. */
export interface ExportCore {
  document: Omit<ExportDocument, 'reminderSettings' | 'study' | 'coachComments'>
  /** Question id → its place in the document, for the study cards and comments. */
  questionPosition: Map<number, QuestionPosition>
  /** Interview id → its index, and interviewer id → its interview and index, for the comments. */
  position: Map<number, number>
  personPosition: Map<number, { interview: number; index: number }>
}

/**
 * Reads a user's interviews, questions, people and notes as one export document (importing one
 * is the import job's: importStaging.ts). It reads the tables directly (rather than through each
 * aggregate's repository) because a lossless copy must keep what the everyday operations set
 * themselves: creation times, send times, completion times.
 */
export function dataTransferRepository(db: Db) {
  const user = db.prepare('SELECT name, time_zone FROM users WHERE id = ?')
  const interviews = db.prepare(
    `SELECT ${INTERVIEW_COLUMNS} FROM interviews i WHERE i.user_id = ? ORDER BY i.starts_at, i.id`,
  )
  const interviewers = db.prepare(
    `SELECT ${INTERVIEWER_COLUMNS} FROM interviewers WHERE user_id = ? ORDER BY created_at, id`,
  )
  const questions = db.prepare(
    `SELECT ${QUESTION_COLUMNS} FROM questions q WHERE q.user_id = ? ORDER BY q.created_at, q.id`,
  )
  const asked = db.prepare(`SELECT ${ASKED_COLUMNS} FROM interview_asked WHERE user_id = ? ORDER BY id`)
  const askQuestions = db.prepare('SELECT id, text FROM ask_questions WHERE user_id = ? ORDER BY id')
  const drafts = db.prepare(`SELECT ${DRAFT_COLUMNS} FROM drafts WHERE user_id = ? ORDER BY id`)
  const csvRows = db.prepare(
    `SELECT i.starts_at, i.time_zone, i.company, i.role, p.name AS interviewer, q.text, q.confidence, q.topics,
       q.my_answer, q.researched_answer, q.sources, q.researched, q.researched_at, q.include_in_follow_up
     FROM questions q
     JOIN interviews i ON i.id = q.interview_id AND i.user_id = q.user_id
     LEFT JOIN interviewers p ON p.id = q.interviewer_id AND p.user_id = q.user_id
     WHERE q.user_id = ?
     ORDER BY i.starts_at, i.id, q.created_at, q.id`,
  )

  function exportDocument(userId: number, now: number): ExportCore {
    const profile = user.get(userId) as { name: string; time_zone: string }
    const interviewRows = interviews.all(userId) as InterviewRow[]
    const position = new Map(interviewRows.map((row, i) => [row.id, i]))
    const docs: ExportInterview[] = interviewRows.map((row) => {
      // The interview as everywhere else, without its id and with its instants as ISO strings.
      const { id: _id, ...interview } = toInterview(row)
      return {
        ...interview,
        startsAt: iso(row.starts_at),
        endsAt: iso(row.ends_at),
        followUpDoneAt: isoOrNull(row.follow_up_done_at),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
        interviewers: [],
        questions: [],
        asked: [],
      }
    })

    // Interviewer id → its position inside its own interview's list.
    const personPosition = new Map<number, { interview: number; index: number }>()
    for (const row of interviewers.all(userId) as InterviewerRow[]) {
      const at = position.get(row.interview_id)
      if (at === undefined) continue
      const people = docs[at]!.interviewers
      personPosition.set(row.id, { interview: at, index: people.length })
      people.push({
        name: row.name,
        title: row.title,
        email: row.email,
        notes: row.notes,
        topics: parseList(row.topics),
        thankYouSentAt: isoOrNull(row.thank_you_sent_at),
        answersSentAt: isoOrNull(row.answers_sent_at),
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      })
    }

    // Question id → its position inside its own interview's list, for the study cards.
    const questionPosition = new Map<number, QuestionPosition>()
    for (const row of questions.all(userId) as QuestionRow[]) {
      const at = position.get(row.interview_id)
      if (at === undefined) continue
      questionPosition.set(row.id, { interview: at, index: docs[at]!.questions.length })
      const person = row.interviewer_id === null ? undefined : personPosition.get(row.interviewer_id)
      docs[at]!.questions.push({
        interviewerIndex: person && person.interview === at ? person.index : null,
        ...toQuestionContent(row),
        researched: row.researched === 1,
        researchedAt: isoOrNull(row.researched_at),
        includeInFollowUp: row.include_in_follow_up === 1,
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      })
    }

    const bank = askQuestions.all(userId) as { id: number; text: string }[]
    const bankPosition = new Map(bank.map((row, i) => [row.id, i]))
    for (const row of asked.all(userId) as AskedRow[]) {
      const at = position.get(row.interview_id)
      if (at === undefined) continue
      docs[at]!.asked.push({
        askQuestionIndex:
          row.ask_question_id === null ? null : (bankPosition.get(row.ask_question_id) ?? null),
        text: row.text,
        answerHeard: row.answer_heard,
        createdAt: iso(row.created_at),
      })
    }

    const draftDocs: ExportDraft[] = []
    for (const row of drafts.all(userId) as DraftRow[]) {
      const person = personPosition.get(row.interviewer_id)
      if (!person || person.interview !== position.get(row.interview_id)) continue
      const sent = row.state === 'sent'
      draftDocs.push({
        interviewIndex: person.interview,
        interviewerIndex: person.index,
        ...toDraftText(row),
        state: sent ? 'sent' : 'draft',
        sentAt: sent ? isoOrNull(row.sent_at) : null,
        sentVia: sent ? row.sent_via : null,
        messageId: row.message_id,
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      })
    }

    return {
      document: {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        exportedAt: iso(now),
        user: { name: profile.name, timeZone: profile.time_zone },
        interviews: docs,
        askQuestions: bank.map((row) => ({ text: row.text })),
        drafts: draftDocs,
      },
      questionPosition,
      position,
      personPosition,
    }
  }

  return {
    exportDocument,
    questionCsvRows(userId: number): QuestionCsvRow[] {
      return (csvRows.all(userId) as CsvRow[]).map((row) => ({
        interviewStartsAt: row.starts_at,
        timeZone: row.time_zone,
        company: row.company,
        role: row.role,
        interviewer: row.interviewer,
        ...toQuestionContent(row),
        researched: row.researched === 1,
        researchedAt: row.researched_at,
        includeInFollowUp: row.include_in_follow_up === 1,
      }))
    },
  }
}

export type DataTransferRepository = ReturnType<typeof dataTransferRepository>
