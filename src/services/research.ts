import type { Interviewer } from '../db/interviewers.js'
import type { Interview } from '../db/interviews.js'
import type { Question } from '../db/questions.js'
import { checkQuestion, type Problems, type QuestionInput } from '../domain/interviewInput.js'
import type { AccessContext } from './access.js'
import { ownerOnly, withProblems } from './checks.js'
import type { StoreDeps } from './deps.js'
import { interviewerProblems } from './interviews/questions.js'
import { NOT_FOUND } from './messages.js'
import { notFound, ok, type ServiceResult } from './result.js'

/** A question being researched, with what its form offers (the interview and who could have asked it). */
export interface ResearchView {
  question: Question
  interview: Interview
  interviewers: Interviewer[]
}

/**
 * Researching a question: what was answered, the researched answer and its sources, how it
 * went (confidence), who asked it and whether it goes into the follow-up.
 */
export function researchService({ repos, clock }: StoreDeps) {
  const missing = () => notFound(NOT_FOUND.question)

  return {
    view(access: AccessContext, questionId: number): ServiceResult<ResearchView> {
      const question = repos.questions.get(access.ownerId, questionId)
      const interview = question && repos.interviews.get(access.ownerId, question.interviewId)
      if (!question || !interview) return missing()
      return ok({
        question,
        interview,
        interviewers: repos.interviewers.listForInterview(access.ownerId, question.interviewId),
      })
    },

    ...ownerOnly({
      /** The fields given replace the stored ones; research done is dated the first time it is marked. */
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
        const updated = repos.questions.update(access.ownerId, questionId, checked.value, clock.now())
        return updated ? ok(updated) : missing()
      },
    }),
  }
}

export type ResearchService = ReturnType<typeof researchService>
