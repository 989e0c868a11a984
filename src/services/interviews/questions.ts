import type { Question, QuestionHit } from '../../db/questions.js'
import type { Confidence } from '../../domain/interview.js'
import { checkQuestion, type Problems, type QuestionInput } from '../../domain/interviewInput.js'
import { ftsQuery } from '../../domain/search.js'
import type { AccessContext } from '../access.js'
import { ownerOnly, withProblems } from '../checks.js'
import type { ServiceDeps, StoreDeps } from '../deps.js'
import { INTERVIEW_NOT_FOUND, NOT_FOUND } from '../messages.js'
import { removeOwned } from '../owned.js'
import { notFound, ok, okOr, type ServiceResult } from '../result.js'

export interface QuestionSearch {
  /** Words as the user typed them; turned into a safe full-text query here. */
  q?: string | undefined
  confidence?: Confidence | undefined
  topic?: string | undefined
  researched?: boolean | undefined
}

/**
 * "Who asked it must be one of this interview's interviewers": the one home of the rule for
 * both route trees (the SQL guards it again).
 */
export function interviewerProblems(
  repos: ServiceDeps['repos'],
  ownerId: number,
  interviewId: number,
  interviewerId: number | null | undefined,
): Problems | undefined {
  if (interviewerId === null || interviewerId === undefined) return undefined
  return repos.interviewers.get(ownerId, interviewerId)?.interviewId === interviewId
    ? undefined
    : { interviewerId: 'must be one of the interviewers of this interview' }
}

/** The questions asked at the owner's interviews, and the question bank across all of them. */
export function questionService({ db, repos, clock }: StoreDeps) {
  const missing = () => notFound(NOT_FOUND.question)

  return {
    get(access: AccessContext, id: number): ServiceResult<Question> {
      return okOr(repos.questions.get(access.ownerId, id), missing)
    },

    list(access: AccessContext, interviewId: number): ServiceResult<Question[]> {
      if (!repos.interviews.get(access.ownerId, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
      return ok(repos.questions.listForInterview(access.ownerId, interviewId))
    },

    /** Newest first, or best match first with words to find. */
    search(
      access: AccessContext,
      query: QuestionSearch,
      page: { limit: number; offset: number },
    ): { items: QuestionHit[]; total: number } {
      return repos.questions.search(
        access.ownerId,
        {
          match: ftsQuery(query.q ?? ''),
          confidence: query.confidence,
          topic: query.topic?.trim() || undefined,
          researched: query.researched,
        },
        page,
      )
    },

    /** Every tag the owner has used, one spelling per tag. */
    topics(access: AccessContext): string[] {
      return repos.questions.topics(access.ownerId)
    },

    ...ownerOnly({
      create(
        access: AccessContext,
        interviewId: number,
        input: QuestionInput,
        known?: Problems | null,
      ): ServiceResult<Question> {
        if (!repos.interviews.get(access.ownerId, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
        const checked = withProblems(
          checkQuestion(input),
          interviewerProblems(repos, access.ownerId, interviewId, input.interviewerId),
          known,
        )
        if (!checked.ok) return checked
        const created = repos.questions.create(access.ownerId, interviewId, checked.value, clock.now())
        return created ? ok(created) : notFound(INTERVIEW_NOT_FOUND)
      },

      /** Answers the question that was deleted. */
      remove(access: AccessContext, id: number): ServiceResult<Question> {
        return removeOwned(db, repos.questions, access.ownerId, id, missing)
      },
    }),
  }
}

export type QuestionService = ReturnType<typeof questionService>
