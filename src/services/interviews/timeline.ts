import type { Db } from '../../db/connection.js'
import type { FollowUpRepository } from '../../db/followUp.js'
import type { Interview, InterviewsRepository } from '../../db/interviews.js'
import type { RemindersRepository } from '../../db/reminders.js'
import { changeSentNotes, type SentChange } from '../../domain/followUp.js'
import type { FollowUpState } from '../../domain/interview.js'
import type { InterviewData } from '../../domain/interviewInput.js'

export interface TimelineRepos {
  interviews: InterviewsRepository
  followUp: FollowUpRepository
  reminders: Pick<RemindersRepository, 'syncForInterview'>
}

/**
 * Every change that moves an interview's follow-up timeline (creation, times, zone, outcome,
 * follow-up state, a note recorded as sent), each with the re-plan of the interview's
 * reminders in the same transaction, so the durable schedule never disagrees with the
 * interview. Scoped by the owner's id; the service checks who may call these.
 */
export function interviewTimeline(db: Db, repos: TimelineRepos) {
  const { interviews, followUp, reminders } = repos

  const setFollowUpState = db.transaction(
    (ownerId: number, id: number, state: FollowUpState, now: number): Interview | undefined => {
      const before = interviews.get(ownerId, id)
      if (!before) return undefined
      if (before.followUpState === state) return before
      const after = interviews.writeFollowUpState(ownerId, id, state, now)
      reminders.syncForInterview(id, now)
      return after
    },
  )

  return {
    create: db.transaction((ownerId: number, data: InterviewData, now: number): Interview => {
      const interview = interviews.insert(ownerId, data, now)
      reminders.syncForInterview(interview.id, now)
      return interview
    }),

    /**
     * Replaces every editable field and, when given, the follow-up state; reminders re-plan
     * once, against the final state, and only when the timeline could have moved.
     */
    update: db.transaction(
      (
        ownerId: number,
        id: number,
        data: InterviewData,
        now: number,
        followUpState?: FollowUpState,
      ): Interview | undefined => {
        const before = interviews.get(ownerId, id)
        if (!before) return undefined
        let after = interviews.write(ownerId, id, data, now)
        if (!after) return undefined
        const stateMoved = followUpState !== undefined && followUpState !== after.followUpState
        if (stateMoved) after = interviews.writeFollowUpState(ownerId, id, followUpState, now) ?? after
        if (
          stateMoved ||
          before.startsAt !== after.startsAt ||
          before.endsAt !== after.endsAt ||
          before.timeZone !== after.timeZone ||
          before.outcome !== after.outcome
        )
          reminders.syncForInterview(id, now)
        return after
      },
    ),

    /** "done" / "not_needed" stop the follow-up (and its reminders); "open" undoes that. */
    setFollowUpState,

    /**
     * Sets or clears an interviewer's sent times, then completes or reopens the interview's
     * follow-up as changeSentNotes decides (the one rule, shared with the drafts). false when
     * the interviewer is not this owner's.
     */
    recordSent: db.transaction(
      (ownerId: number, interviewerId: number, change: SentChange, now: number): boolean => {
        const interviewId = followUp.interviewOf(ownerId, interviewerId)
        if (interviewId === undefined) return false
        const interview = interviews.get(ownerId, interviewId)
        if (!interview) return false
        const settled = changeSentNotes(
          {
            state: interview.followUpState,
            interviewers: followUp.people(ownerId, interviewId),
            questions: followUp.questions(ownerId, interviewId),
          },
          interviewerId,
          change,
        )
        if (!settled) return false
        followUp.writeSent(ownerId, settled.interviewer, now)
        if (settled.state !== interview.followUpState)
          setFollowUpState(ownerId, interviewId, settled.state, now)
        return true
      },
    ),
  }
}

export type InterviewTimeline = ReturnType<typeof interviewTimeline>
