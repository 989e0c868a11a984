import type { Db } from './connection.js'
import { mapOne } from './rows.js'

/** Every new account starts with these, so the feature explains itself; users edit or delete them freely. */
export const DEFAULT_ASK_QUESTIONS = [
  'What are the major security challenges the organization is facing?',
  'What is the next problem the team is trying to solve — compliance, secure coding, or infrastructure?',
  'Does the organization plan to expand or streamline its security team?',
] as const

export interface AskQuestion {
  id: number
  text: string
  createdAt: number
}

/** A question from the bank put to an interviewer, with what was heard. */
export interface AskedQuestion {
  id: number
  interviewId: number
  /** null once the bank entry it came from has been deleted; the text is a copy and stays. */
  askQuestionId: number | null
  text: string
  answerHeard: string
  createdAt: number
}

interface AskRow {
  id: number
  text: string
  created_at: number
}

export interface AskedRow {
  id: number
  interview_id: number
  ask_question_id: number | null
  text: string
  answer_heard: string
  created_at: number
}

const toAsk = (row: AskRow): AskQuestion => ({ id: row.id, text: row.text, createdAt: row.created_at })
const toAsked = (row: AskedRow): AskedQuestion => ({
  id: row.id,
  interviewId: row.interview_id,
  askQuestionId: row.ask_question_id,
  text: row.text,
  answerHeard: row.answer_heard,
  createdAt: row.created_at,
})

export const ASKED_COLUMNS = 'id, interview_id, ask_question_id, text, answer_heard, created_at'

export function askQuestionsRepository(db: Db) {
  const list = db.prepare('SELECT id, text, created_at FROM ask_questions WHERE user_id = ? ORDER BY id')
  const byId = db.prepare('SELECT id, text, created_at FROM ask_questions WHERE id = ? AND user_id = ?')
  const insert = db.prepare(
    'INSERT INTO ask_questions (user_id, text, created_at) VALUES (?, ?, ?) RETURNING id, text, created_at',
  )
  const update = db.prepare(
    'UPDATE ask_questions SET text = ? WHERE id = ? AND user_id = ? RETURNING id, text, created_at',
  )
  const remove = db.prepare('DELETE FROM ask_questions WHERE id = ? AND user_id = ?')
  const listAsked = db.prepare(
    `SELECT ${ASKED_COLUMNS} FROM interview_asked WHERE interview_id = ? AND user_id = ? ORDER BY id`,
  )
  const askedById = db.prepare(`SELECT ${ASKED_COLUMNS} FROM interview_asked WHERE id = ? AND user_id = ?`)
  // Both the interview and the bank entry must be the user's; asking the same entry twice is a no-op.
  const insertAsked = db.prepare(
    `INSERT INTO interview_asked (user_id, interview_id, ask_question_id, text, created_at)
     SELECT i.user_id, i.id, a.id, a.text, @now
     FROM interviews i JOIN ask_questions a ON a.user_id = i.user_id
     WHERE i.id = @interviewId AND a.id = @askQuestionId AND i.user_id = @userId
     ON CONFLICT (interview_id, ask_question_id) DO NOTHING
     RETURNING ${ASKED_COLUMNS}`,
  )
  const findAsked = db.prepare(
    `SELECT ${ASKED_COLUMNS} FROM interview_asked WHERE interview_id = ? AND ask_question_id = ? AND user_id = ?`,
  )
  const setAnswer = db.prepare(
    `UPDATE interview_asked SET answer_heard = ? WHERE id = ? AND user_id = ? RETURNING ${ASKED_COLUMNS}`,
  )
  const removeAsked = db.prepare('DELETE FROM interview_asked WHERE id = ? AND user_id = ?')

  return {
    list: (userId: number): AskQuestion[] => (list.all(userId) as AskRow[]).map(toAsk),
    get(userId: number, id: number): AskQuestion | undefined {
      return mapOne(byId.get(id, userId), toAsk)
    },
    create: (userId: number, text: string, now: number): AskQuestion =>
      toAsk(insert.get(userId, text, now) as AskRow),
    /** Past interviews keep the wording they were asked with. */
    update(userId: number, id: number, text: string): AskQuestion | undefined {
      return mapOne(update.get(text, id, userId), toAsk)
    },
    remove: (userId: number, id: number): boolean => remove.run(id, userId).changes === 1,
    /** Called inside the account-creation transaction. */
    seedDefaults(userId: number, now: number): void {
      for (const text of DEFAULT_ASK_QUESTIONS) insert.run(userId, text, now)
    },

    listAsked: (userId: number, interviewId: number): AskedQuestion[] =>
      (listAsked.all(interviewId, userId) as AskedRow[]).map(toAsked),
    getAsked(userId: number, id: number): AskedQuestion | undefined {
      return mapOne(askedById.get(id, userId), toAsked)
    },
    /** undefined when the interview or the bank entry is not this user's; the existing row when already asked. */
    ask: db.transaction(
      (
        userId: number,
        interviewId: number,
        askQuestionId: number,
        now: number,
      ): AskedQuestion | undefined => {
        return mapOne(
          insertAsked.get({ userId, interviewId, askQuestionId, now }) ??
            findAsked.get(interviewId, askQuestionId, userId),
          toAsked,
        )
      },
    ),
    setAnswerHeard(userId: number, id: number, answer: string): AskedQuestion | undefined {
      return mapOne(setAnswer.get(answer, id, userId), toAsked)
    },
    removeAsked: (userId: number, id: number): boolean => removeAsked.run(id, userId).changes === 1,
  }
}

export type AskQuestionsRepository = ReturnType<typeof askQuestionsRepository>
