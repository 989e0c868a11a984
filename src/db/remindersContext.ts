import type { Db } from './connection.js'
import type { ReminderContext, ReminderSettings } from './remindersTypes.js'
import type { InterviewRow } from './rows.js'

/** What a reminder says, read at send time so it reflects the latest state of the interview. */
export function reminderContexts(db: Db, settingsFor: (userId: number) => ReminderSettings) {
  const contextInterview = db.prepare(
    `SELECT id, company, role, ends_at, time_zone, follow_up_state, outcome FROM interviews WHERE id = ? AND user_id = ?`,
  )
  const contextUser = db.prepare('SELECT id, name, email, time_zone FROM users WHERE id = ?')
  const contextQuestions = db.prepare(
    `SELECT id, text, confidence FROM questions
     WHERE interview_id = ? AND user_id = ? AND confidence IN ('missed', 'shaky') AND researched = 0
     ORDER BY CASE confidence WHEN 'missed' THEN 0 ELSE 1 END, id LIMIT 50`,
  )
  const contextInterviewers = db.prepare(
    `SELECT id, name, title, email FROM interviewers WHERE interview_id = ? AND user_id = ? AND thank_you_sent_at IS NULL ORDER BY id`,
  )

  return {
    context(claim: { userId: number; interviewId: number }): ReminderContext | undefined {
      const interview = contextInterview.get(claim.interviewId, claim.userId) as
        | Pick<
            InterviewRow,
            'id' | 'company' | 'role' | 'ends_at' | 'time_zone' | 'follow_up_state' | 'outcome'
          >
        | undefined
      const user = contextUser.get(claim.userId) as
        | { id: number; name: string; email: string; time_zone: string }
        | undefined
      if (!interview || !user) return undefined
      return {
        interview: {
          id: interview.id,
          company: interview.company,
          role: interview.role,
          endsAt: interview.ends_at,
          timeZone: interview.time_zone,
          followUpState: interview.follow_up_state,
          outcome: interview.outcome,
        },
        user: { id: user.id, name: user.name, email: user.email, timeZone: user.time_zone },
        address: settingsFor(claim.userId).email ?? user.email,
        questions: contextQuestions.all(claim.interviewId, claim.userId) as ReminderContext['questions'],
        interviewers: contextInterviewers.all(
          claim.interviewId,
          claim.userId,
        ) as ReminderContext['interviewers'],
      }
    },
  }
}
