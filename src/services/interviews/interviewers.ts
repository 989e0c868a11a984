import type { Interviewer } from '../../db/interviewers.js'
import type { Interview } from '../../db/interviews.js'
import { checkInterviewer, type InterviewerInput, type Problems } from '../../domain/interviewInput.js'
import type { AccessContext } from '../access.js'
import { ownerOnly, withProblems } from '../checks.js'
import type { StoreDeps } from '../deps.js'
import { INTERVIEW_NOT_FOUND, NOT_FOUND } from '../messages.js'
import { removeOwned } from '../owned.js'
import { notFound, ok, okOr, type ServiceResult } from '../result.js'
import { interviewTimeline } from './timeline.js'

/** Which note an interviewer was sent: the thank-you or the researched answers. */
export type SentNote = 'thankYou' | 'answers'

/** The people met at the owner's interviews; a sent note settles the follow-up by the drafts' rule. */
export function interviewerService({ db, repos, clock }: StoreDeps) {
  const timeline = interviewTimeline(db, repos)
  const missing = () => notFound(NOT_FOUND.interviewer)

  const get = (access: AccessContext, id: number): ServiceResult<Interviewer> => {
    return okOr(repos.interviewers.get(access.ownerId, id), missing)
  }

  return {
    get,

    /** The interviewer with their interview, for the edit form. */
    withInterview(
      access: AccessContext,
      id: number,
    ): ServiceResult<{ interviewer: Interviewer; interview: Interview }> {
      const interviewer = repos.interviewers.get(access.ownerId, id)
      const interview = interviewer && repos.interviews.get(access.ownerId, interviewer.interviewId)
      return interviewer && interview ? ok({ interviewer, interview }) : missing()
    },

    list(access: AccessContext, interviewId: number): ServiceResult<Interviewer[]> {
      if (!repos.interviews.get(access.ownerId, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
      return ok(repos.interviewers.listForInterview(access.ownerId, interviewId))
    },

    ...ownerOnly({
      create(
        access: AccessContext,
        interviewId: number,
        input: InterviewerInput,
        known?: Problems | null,
      ): ServiceResult<Interviewer> {
        if (!repos.interviews.get(access.ownerId, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
        const checked = withProblems(checkInterviewer(input), known)
        if (!checked.ok) return checked
        const created = repos.interviewers.create(access.ownerId, interviewId, checked.value, clock.now())
        return created ? ok(created) : notFound(INTERVIEW_NOT_FOUND)
      },

      /** The fields given replace the stored ones; the others stay. */
      update(
        access: AccessContext,
        id: number,
        change: Partial<InterviewerInput>,
        known?: Problems | null,
      ): ServiceResult<Interviewer> {
        const existing = repos.interviewers.get(access.ownerId, id)
        if (!existing) return missing()
        const checked = withProblems(checkInterviewer({ ...existing, ...change }), known)
        if (!checked.ok) return checked
        return okOr(repos.interviewers.update(access.ownerId, id, checked.value, clock.now()), missing)
      },

      /** Questions they asked stay, no longer attributed to anyone; answers who was removed. */
      remove(access: AccessContext, id: number): ServiceResult<Interviewer> {
        return removeOwned(db, repos.interviewers, access.ownerId, id, missing)
      },

      /**
       * Records a note sent from outside Debrief (or undoes that), completing or reopening the
       * interview's follow-up by the same rule as the drafts (see domain/followUp.ts).
       */
      markSent(access: AccessContext, id: number, note: SentNote, sent: boolean): ServiceResult<Interviewer> {
        const now = clock.now()
        const at = sent ? now : null
        const change = note === 'thankYou' ? { thankYouSentAt: at } : { answersSentAt: at }
        if (!timeline.recordSent(access.ownerId, id, change, now)) return missing()
        return get(access, id)
      },
    }),
  }
}

export type InterviewerService = ReturnType<typeof interviewerService>
