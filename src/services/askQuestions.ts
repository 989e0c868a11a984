import type { AskedQuestion, AskQuestion } from '../db/askQuestions.js'
import { checkAskText, type Problems } from '../domain/interviewInput.js'
import type { AccessContext } from './access.js'
import { invalidFields, ownerOnly, withProblems } from './checks.js'
import type { StoreDeps } from './deps.js'
import { INTERVIEW_NOT_FOUND, NOT_FOUND } from './messages.js'
import { removeOwned } from './owned.js'
import { notFound, ok, okOr, type ServiceResult } from './result.js'

/** The owner's own questions to ask interviewers, and which were asked at an interview with what was heard. */
export function askQuestionService({ db, repos, clock }: StoreDeps) {
  const missing = () => notFound(NOT_FOUND.askQuestion)
  const missingAsked = () => notFound(NOT_FOUND.asked)

  return {
    list(access: AccessContext): AskQuestion[] {
      return repos.askQuestions.list(access.ownerId)
    },

    get(access: AccessContext, id: number): ServiceResult<AskQuestion> {
      return okOr(repos.askQuestions.get(access.ownerId, id), missing)
    },

    listAsked(access: AccessContext, interviewId: number): ServiceResult<AskedQuestion[]> {
      if (!repos.interviews.get(access.ownerId, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
      return ok(repos.askQuestions.listAsked(access.ownerId, interviewId))
    },

    getAsked(access: AccessContext, id: number): ServiceResult<AskedQuestion> {
      return okOr(repos.askQuestions.getAsked(access.ownerId, id), missingAsked)
    },

    ...ownerOnly({
      create(access: AccessContext, text: string, known?: Problems | null): ServiceResult<AskQuestion> {
        const checked = withProblems(checkAskText(text), known)
        if (!checked.ok) return checked
        return ok(repos.askQuestions.create(access.ownerId, checked.value, clock.now()))
      },

      /** Past interviews keep the wording they were asked with. */
      update(
        access: AccessContext,
        id: number,
        text: string,
        known?: Problems | null,
      ): ServiceResult<AskQuestion> {
        if (!repos.askQuestions.get(access.ownerId, id)) return missing()
        const checked = withProblems(checkAskText(text), known)
        if (!checked.ok) return checked
        return okOr(repos.askQuestions.update(access.ownerId, id, checked.value), missing)
      },

      remove(access: AccessContext, id: number): ServiceResult<true> {
        return repos.askQuestions.remove(access.ownerId, id) ? ok(true) : missing()
      },

      /**
       * Records bank entries as asked at an interview, all or none; one already asked there is
       * answered as it stands. Every id must be one of the owner's questions to ask.
       */
      ask(
        access: AccessContext,
        interviewId: number,
        askQuestionIds: readonly number[],
        known?: Problems | null,
      ): ServiceResult<AskedQuestion[]> {
        const owner = access.ownerId
        if (!repos.interviews.get(owner, interviewId)) return notFound(INTERVIEW_NOT_FOUND)
        if (known) return invalidFields(known)
        if (askQuestionIds.length === 0) return invalidFields({ askQuestionId: 'pick at least one question' })
        if (askQuestionIds.some((id) => !repos.askQuestions.get(owner, id)))
          return invalidFields({ askQuestionId: 'must be questions from your list' })
        return db.transaction((): ServiceResult<AskedQuestion[]> => {
          const now = clock.now()
          const asked: AskedQuestion[] = []
          for (const id of askQuestionIds) {
            const row = repos.askQuestions.ask(owner, interviewId, id, now)
            if (!row) return notFound(INTERVIEW_NOT_FOUND)
            asked.push(row)
          }
          return ok(asked)
        })()
      },

      setAnswerHeard(
        access: AccessContext,
        askedId: number,
        answer: string,
        known?: Problems | null,
      ): ServiceResult<AskedQuestion> {
        if (!repos.askQuestions.getAsked(access.ownerId, askedId)) return missingAsked()
        if (known) return invalidFields(known)
        return okOr(repos.askQuestions.setAnswerHeard(access.ownerId, askedId, answer), missingAsked)
      },

      /** Answers the asked question that was removed. */
      removeAsked(access: AccessContext, askedId: number): ServiceResult<AskedQuestion> {
        const asked = { get: repos.askQuestions.getAsked, remove: repos.askQuestions.removeAsked }
        return removeOwned(db, asked, access.ownerId, askedId, missingAsked)
      },
    }),
  }
}

export type AskQuestionService = ReturnType<typeof askQuestionService>
