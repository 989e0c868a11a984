import type { Interviewer } from '../db/interviewers.js'
import type { Interview } from '../db/interviews.js'
import type { Question, SimilarQuestion } from '../db/questions.js'
import { checkQuestion, type Problems, type QuestionInput } from '../domain/interviewInput.js'
import { type Progress, type ResearchStep, researchProgress, researchStep } from '../domain/progress.js'
import { similarQuery } from '../domain/similarQuery.js'
import type { AccessContext } from './access.js'
import { ownerOnly, withProblems } from './checks.js'
import type { StoreDeps } from './deps.js'
import { interviewerProblems } from './interviews/questions.js'
import { NOT_FOUND } from './messages.js'
import { notFound, ok, okOr, type ServiceResult } from './result.js'

/** How many researched questions the research page offers to reuse. */
export const SIMILAR_LIMIT = 3

/** A question being researched, with what its form offers (the interview and who could have asked it). */
export interface ResearchView {
  question: Question
  interview: Interview
  interviewers: Interviewer[]
  /** The interview's research list so far ("2/3 researched"). */
  progress: Progress
  /** The owner's other researched questions most like this one, best first. */
  similar: SimilarQuestion[]
}

/**
 * Researching a question: what was answered, the researched answer and its sources, how it
 * went (confidence), who asked it and whether it goes into the follow-up. A question is
 * researched exactly when its researched answer is not blank.
 */
export function researchService({ repos, clock }: StoreDeps) {
  const missing = () => notFound(NOT_FOUND.question)

  return {
    view(access: AccessContext, questionId: number): ServiceResult<ResearchView> {
      const question = repos.questions.get(access.ownerId, questionId)
      const interview = question && repos.interviews.get(access.ownerId, question.interviewId)
      if (!question || !interview) return missing()
      const match = similarQuery(question.text)
      return ok({
        question,
        interview,
        interviewers: repos.interviewers.listForInterview(access.ownerId, question.interviewId),
        progress: researchProgress(repos.questions.listForInterview(access.ownerId, question.interviewId)),
        similar: match ? repos.questions.similar(access.ownerId, question.id, match, SIMILAR_LIMIT) : [],
      })
    },

    /** Another of the owner's questions, whose researched answer and sources a form may reuse. */
    reusable(access: AccessContext, fromId: number): ServiceResult<Question> {
      return okOr(repos.questions.get(access.ownerId, fromId), missing)
    },

    /** After saving a question: the next one of its interview still to research, and how many are left. */
    step(access: AccessContext, questionId: number): ServiceResult<ResearchStep & { interviewId: number }> {
      const question = repos.questions.get(access.ownerId, questionId)
      if (!question) return missing()
      const list = repos.questions.listForInterview(access.ownerId, question.interviewId)
      return ok({ ...researchStep(list, questionId), interviewId: question.interviewId })
    },

    ...ownerOnly({
      /** The fields given replace the stored ones; research is dated when the answer first appears. */
      save(
        access: AccessContext,
        questionId: number,
        change: Partial<QuestionInput>,
        known?: Problems | null,
      ): ServiceResult<Question> {
        const existing = repos.questions.get(access.ownerId, questionId)
        if (!existing) return missing()
        const input: QuestionInput = { ...existing, ...change }
        const checked = withProblems(
          checkQuestion(input),
          interviewerProblems(repos, access.ownerId, existing.interviewId, input.interviewerId),
          known,
        )
        if (!checked.ok) return checked
        return okOr(repos.questions.update(access.ownerId, questionId, checked.value, clock.now()), missing)
      },
    }),
  }
}

export type ResearchService = ReturnType<typeof researchService>
