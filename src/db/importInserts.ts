import type { Db } from './connection.js'

/**
 * The INSERTs an import stages its rows with, each prepared once. They write every column the
 * export carries, creation and send times included, because a lossless copy keeps them.
 */
export function importInserts(db: Db) {
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
  const insertQuestion = db
    .prepare(
      `INSERT INTO questions (user_id, interview_id, interviewer_id, text, confidence, topics, my_answer,
         researched_answer, sources, researched, researched_at, include_in_follow_up, created_at, updated_at)
       VALUES (@userId, @interviewId, @interviewerId, @text, @confidence, @topics, @myAnswer, @researchedAnswer,
         @sources, @researched, @researchedAt, @includeInFollowUp, @createdAt, @updatedAt)
       RETURNING id`,
    )
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
  return { insertInterview, insertInterviewer, insertQuestion, insertAsked, insertDraft }
}
