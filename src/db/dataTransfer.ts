import { randomBytes } from 'node:crypto'
import type { QuestionCsvRow } from '../domain/csv.js'
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type ExportDocument,
  type ExportDraft,
  type ExportInterview,
  iso,
  isoOrNull,
  ms,
  msOrNull,
} from '../domain/transfer.js'
import { ASKED_COLUMNS, type AskedRow } from './askQuestions.js'
import type { Db } from './connection.js'
import { DRAFT_COLUMNS, type DraftRow, parseList } from './drafts.js'
import { INTERVIEWER_COLUMNS, type InterviewerRow } from './interviewers.js'
import { INTERVIEW_COLUMNS, type InterviewRow } from './interviews.js'
import { QUESTION_COLUMNS, type QuestionRow } from './questions.js'
import type { RemindersRepository } from './reminders.js'

export interface ImportSummary {
  interviews: number
  interviewers: number
  questions: number
  asked: number
  askQuestions: number
  drafts: number
  /** Interviews already in the account (same company, role, start and end), left as they were. */
  skippedInterviews: number
}

/** A question with the interview it was asked at, as the CSV export reads it. */
type CsvRow = Omit<QuestionRow, 'id' | 'interview_id' | 'interviewer_id' | 'created_at' | 'updated_at'> & {
  starts_at: number
  time_zone: string
  company: string
  role: string
  interviewer: string | null
}

type Reminders = Pick<RemindersRepository, 'syncForInterview' | 'syncForUser' | 'settings' | 'saveSettings'>

/**
 * Reads a user's whole data as one export document, and writes such a document into an account
 * in one transaction. It reads and writes the tables directly (rather than through each
 * aggregate's repository) because a lossless copy must keep what the everyday operations set
 * themselves: creation times, send times, completion times.
 */
export function dataTransferRepository(db: Db, reminders: Reminders) {
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

  const updateProfile = db.prepare('UPDATE users SET name = ?, time_zone = ?, updated_at = ? WHERE id = ?')
  const duplicate = db
    .prepare(
      `SELECT id FROM interviews
       WHERE user_id = @userId AND company = @company AND role = @role AND starts_at = @startsAt
         AND ends_at = @endsAt AND id <= @before
       LIMIT 1`,
    )
    .pluck()
  const lastInterviewId = db.prepare('SELECT coalesce(max(id), 0) FROM interviews').pluck()
  const insertInterview = db
    .prepare(
      `INSERT INTO interviews (user_id, company, role, kind, starts_at, ends_at, time_zone, location, job_url,
         notes, outcome, follow_up_state, follow_up_done_at, created_at, updated_at)
       VALUES (@userId, @company, @role, @kind, @startsAt, @endsAt, @timeZone, @location, @jobUrl, @notes,
         @outcome, @followUpState, @followUpDoneAt, @createdAt, @updatedAt)
       RETURNING id`,
    )
    .pluck()
  const insertInterviewer = db
    .prepare(
      `INSERT INTO interviewers (user_id, interview_id, name, title, email, notes, topics, thank_you_sent_at,
         answers_sent_at, created_at, updated_at)
       VALUES (@userId, @interviewId, @name, @title, @email, @notes, @topics, @thankYouSentAt, @answersSentAt,
         @createdAt, @updatedAt)
       RETURNING id`,
    )
    .pluck()
  const insertQuestion = db.prepare(
    `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, topics, my_answer,
       researched_answer, sources, researched, researched_at, include_in_follow_up, created_at, updated_at)
     VALUES (@userId, @interviewId, @interviewerId, @text, @confidence, @topics, @myAnswer, @researchedAnswer,
       @sources, @researched, @researchedAt, @includeInFollowUp, @createdAt, @updatedAt)`,
  )
  const insertAskQuestion = db
    .prepare('INSERT INTO ask_questions (user_id, text, created_at) VALUES (?, ?, ?) RETURNING id')
    .pluck()
  const insertAsked = db.prepare(
    `INSERT INTO interview_asked (user_id, interview_id, ask_question_id, text, answer_heard, created_at)
     VALUES (@userId, @interviewId, @askQuestionId, @text, @answerHeard, @createdAt)`,
  )
  const insertDraft = db.prepare(
    `INSERT INTO drafts (user_id, interview_id, interviewer_id, kind, tone, subject, body, edited, rendered_hash,
       state, sent_at, sent_via, message_key, message_id, created_at, updated_at)
     VALUES (@userId, @interviewId, @interviewerId, @kind, @tone, @subject, @body, @edited, @renderedHash,
       @state, @sentAt, @sentVia, @messageKey, @messageId, @createdAt, @updatedAt)`,
  )

  function exportDocument(userId: number, now: number): ExportDocument {
    const profile = user.get(userId) as { name: string; time_zone: string }
    const interviewRows = interviews.all(userId) as InterviewRow[]
    const position = new Map(interviewRows.map((row, i) => [row.id, i]))
    const docs: ExportInterview[] = interviewRows.map((row) => ({
      company: row.company,
      role: row.role,
      kind: row.kind,
      startsAt: iso(row.starts_at),
      endsAt: iso(row.ends_at),
      timeZone: row.time_zone,
      location: row.location,
      jobUrl: row.job_url,
      notes: row.notes,
      outcome: row.outcome,
      followUpState: row.follow_up_state,
      followUpDoneAt: isoOrNull(row.follow_up_done_at),
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      interviewers: [],
      questions: [],
      asked: [],
    }))

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

    for (const row of questions.all(userId) as QuestionRow[]) {
      const at = position.get(row.interview_id)
      if (at === undefined) continue
      const person = row.interviewer_id === null ? undefined : personPosition.get(row.interviewer_id)
      docs[at]!.questions.push({
        interviewerIndex: person && person.interview === at ? person.index : null,
        text: row.text,
        confidence: row.confidence,
        topics: parseList(row.topics),
        myAnswer: row.my_answer,
        researchedAnswer: row.researched_answer,
        sources: parseList(row.sources),
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
        kind: row.kind,
        tone: row.tone,
        subject: row.subject,
        body: row.body,
        edited: row.edited === 1,
        renderedHash: row.rendered_hash,
        state: sent ? 'sent' : 'draft',
        sentAt: sent ? isoOrNull(row.sent_at) : null,
        sentVia: sent ? row.sent_via : null,
        messageId: row.message_id,
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
      })
    }

    const settings = reminders.settings(userId)
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: iso(now),
      user: { name: profile.name, timeZone: profile.time_zone },
      interviews: docs,
      askQuestions: bank.map((row) => ({ text: row.text })),
      drafts: draftDocs,
      reminderSettings: {
        leads: [...settings.leads],
        researchEnabled: settings.researchEnabled,
        overdueEnabled: settings.overdueEnabled,
        quietHours: settings.quietHours ? { ...settings.quietHours } : null,
        email: settings.email,
      },
    }
  }

  /**
   * Adds a checked document to the account, all or nothing. The profile's name and zone and the
   * reminder settings are taken from the document; interviews already present are skipped so a
   * second import of the same file adds nothing; questions to ask are matched by their text.
   */
  const importDocument = db.transaction((userId: number, doc: ExportDocument, now: number): ImportSummary => {
    const summary: ImportSummary = {
      interviews: 0,
      interviewers: 0,
      questions: 0,
      asked: 0,
      askQuestions: 0,
      drafts: 0,
      skippedInterviews: 0,
    }
    updateProfile.run(doc.user.name.trim(), doc.user.timeZone, now, userId)
    reminders.saveSettings(userId, { ...doc.reminderSettings, leads: [...doc.reminderSettings.leads] }, now)

    // Each entry of the document's bank takes an existing entry with the same text (each existing
    // entry at most once), or becomes a new one.
    const existing = askQuestions.all(userId) as { id: number; text: string }[]
    const claimed = new Set<number>()
    const bankIds = doc.askQuestions.map((entry) => {
      const match = existing.find((row) => row.text === entry.text && !claimed.has(row.id))
      if (match) {
        claimed.add(match.id)
        return match.id
      }
      summary.askQuestions++
      return insertAskQuestion.get(userId, entry.text, now) as number
    })

    // Only interviews that were there before count as duplicates: two identical interviews in
    // the document (an interview logged twice) are both kept. New rows get larger ids.
    const before = lastInterviewId.get() as number
    const interviewIds: (number | undefined)[] = []
    const personIds: number[][] = []
    for (const interview of doc.interviews) {
      const times = { startsAt: ms(interview.startsAt), endsAt: ms(interview.endsAt) }
      if (
        duplicate.get({ userId, company: interview.company, role: interview.role, ...times, before }) !==
        undefined
      ) {
        summary.skippedInterviews++
        interviewIds.push(undefined)
        personIds.push([])
        continue
      }
      const interviewId = insertInterview.get({
        userId,
        company: interview.company,
        role: interview.role,
        kind: interview.kind,
        ...times,
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
      interviewIds.push(interviewId)

      const people = interview.interviewers.map(
        (person) =>
          insertInterviewer.get({
            userId,
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
      personIds.push(people)

      for (const question of interview.questions) {
        insertQuestion.run({
          userId,
          interviewId,
          interviewerId: question.interviewerIndex === null ? null : people[question.interviewerIndex],
          text: question.text,
          confidence: question.confidence,
          topics: JSON.stringify(question.topics),
          myAnswer: question.myAnswer,
          researchedAnswer: question.researchedAnswer,
          sources: JSON.stringify(question.sources),
          researched: question.researched ? 1 : 0,
          researchedAt: msOrNull(question.researchedAt),
          includeInFollowUp: question.includeInFollowUp ? 1 : 0,
          createdAt: ms(question.createdAt),
          updatedAt: ms(question.updatedAt),
        })
        summary.questions++
      }

      for (const entry of interview.asked) {
        insertAsked.run({
          userId,
          interviewId,
          askQuestionId: entry.askQuestionIndex === null ? null : bankIds[entry.askQuestionIndex],
          text: entry.text,
          answerHeard: entry.answerHeard,
          createdAt: ms(entry.createdAt),
        })
        summary.asked++
      }
    }

    for (const draft of doc.drafts) {
      const interviewId = interviewIds[draft.interviewIndex]
      if (interviewId === undefined) continue
      insertDraft.run({
        userId,
        interviewId,
        interviewerId: personIds[draft.interviewIndex]![draft.interviewerIndex],
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

    // Reminders follow from the imported times and states, and the existing interviews follow
    // the imported reminder settings.
    reminders.syncForUser(userId, now)
    for (const interviewId of interviewIds)
      if (interviewId !== undefined) reminders.syncForInterview(interviewId, now)
    return summary
  })

  return {
    exportDocument,
    importDocument,
    questionCsvRows(userId: number): QuestionCsvRow[] {
      return (csvRows.all(userId) as CsvRow[]).map((row) => ({
        interviewStartsAt: row.starts_at,
        timeZone: row.time_zone,
        company: row.company,
        role: row.role,
        interviewer: row.interviewer,
        text: row.text,
        confidence: row.confidence,
        topics: parseList(row.topics),
        myAnswer: row.my_answer,
        researchedAnswer: row.researched_answer,
        sources: parseList(row.sources),
        researched: row.researched === 1,
        researchedAt: row.researched_at,
        includeInFollowUp: row.include_in_follow_up === 1,
      }))
    },
  }
}

export type DataTransferRepository = ReturnType<typeof dataTransferRepository>
