import type { AskedQuestion, AskQuestion } from '../../db/askQuestions.js'
import { groupCommit } from '../../db/groupCommit.js'
import type { Interviewer } from '../../db/interviewers.js'
import type { Dashboard, Interview, InterviewFilter, InterviewSummary } from '../../db/interviews.js'
import type { Question } from '../../db/questions.js'
import type { ReminderView } from '../../db/reminders.js'
import { readSnapshot } from '../../db/snapshot.js'
import type { FollowUpState, InterviewStatus } from '../../domain/interview.js'
import { checkInterviewerRows, type InterviewerRow } from '../../domain/interviewerRows.js'
import {
  checkInterview,
  dayRange,
  type InterviewInput,
  mergeInterviewPatch,
  type Problems,
} from '../../domain/interviewInput.js'
import type { AccessContext } from '../access.js'
import { invalidFields, ownerOnly, withProblems } from '../checks.js'
import type { StoreDeps } from '../deps.js'
import { INTERVIEW_NOT_FOUND } from '../messages.js'
import { removeOwned } from '../owned.js'
import { notFound, ok, okOr, type ServiceResult } from '../result.js'
import { interviewTimeline } from './timeline.js'

export interface InterviewListQuery {
  status?: InterviewStatus | 'overdue' | undefined
  company?: string | undefined
  /** Whole days, "YYYY-MM-DD", read in the owner's zone. */
  from?: string | undefined
  to?: string | undefined
}

/** Everything the interview page shows, read for one owner. */
export interface InterviewPage {
  interview: InterviewSummary
  interviewers: Interviewer[]
  questions: Question[]
  asked: AskedQuestion[]
  /** Entries of the questions-to-ask bank not yet asked at this interview. */
  askBank: AskQuestion[]
  /** Null for anyone but the owner: where and how reminders reach the owner stays private. */
  reminders: ReminderView[] | null
}

export type InterviewPatch = Partial<Omit<InterviewInput, 'durationMinutes'>> & {
  durationMinutes?: number | undefined
}

/** Interviews of the owner: reads scoped by `access.ownerId`, writes by the owner only. */
export function interviewService({ db, repos, clock }: StoreDeps) {
  const timeline = interviewTimeline(db, repos)
  const zoneOf = (access: AccessContext) => repos.users.findById(access.ownerId)?.timeZone ?? 'UTC'
  const missing = () => notFound(INTERVIEW_NOT_FOUND)
  // The reads behind one page, in one snapshot (see snapshot.ts).
  const snapshot = readSnapshot(db)
  const commits = groupCommit(db)

  const summary = (access: AccessContext, id: number): ServiceResult<InterviewSummary> => {
    return okOr(repos.interviews.summary(access.ownerId, id, clock.now()), missing)
  }

  return {
    /** Whether the interview is the owner's: the guard of every route under /interviews/:id/. */
    exists(access: AccessContext, id: number): boolean {
      return repos.interviews.get(access.ownerId, id) !== undefined
    },

    get(access: AccessContext, id: number): ServiceResult<Interview> {
      return okOr(repos.interviews.get(access.ownerId, id), missing)
    },

    summary,

    /** The interview with the people met there (the API's GET /interviews/:id). */
    detail(
      access: AccessContext,
      id: number,
    ): ServiceResult<InterviewSummary & { interviewers: Interviewer[] }> {
      const found = summary(access, id)
      if (!found.ok) return found
      return ok({ ...found.value, interviewers: repos.interviewers.listForInterview(access.ownerId, id) })
    },

    page(access: AccessContext, id: number): ServiceResult<InterviewPage> {
      return snapshot(() => {
        const found = summary(access, id)
        if (!found.ok) return found
        const owner = access.ownerId
        const asked = repos.askQuestions.listAsked(owner, id)
        const askedIds = new Set(asked.map((a) => a.askQuestionId))
        return ok({
          interview: found.value,
          interviewers: repos.interviewers.listForInterview(owner, id),
          questions: repos.questions.listForInterview(owner, id),
          asked,
          askBank: repos.askQuestions.list(owner).filter((a) => !askedIds.has(a.id)),
          reminders: access.role === 'owner' ? repos.reminders.listForInterview(owner, id) : null,
        })
      })
    },

    list(
      access: AccessContext,
      query: InterviewListQuery,
      page: { limit: number; offset: number },
    ): { items: InterviewSummary[]; total: number } {
      const filter: InterviewFilter = {
        status: query.status,
        company: query.company?.trim() || undefined,
        ...(query.from || query.to
          ? dayRange(query.from || undefined, query.to || undefined, zoneOf(access))
          : {}),
      }
      return snapshot(() => repos.interviews.list(access.ownerId, filter, page, clock.now()))
    },

    dashboard(access: AccessContext): Dashboard {
      return snapshot(() => repos.interviews.dashboard(access.ownerId, clock.now()))
    },

    ...ownerOnly({
      /**
       * `known`: problems the caller's own schema already found, reported together with these.
       * `people`: the interviewers met there (the form's rows), created with the interview in
       * one transaction; blank rows are skipped, and a bad row's problems are keyed by row.
       * Settles once the interview is on disk, committed together with the other writes made
       * meanwhile (see groupCommit.ts).
       */
      async create(
        access: AccessContext,
        input: InterviewInput,
        known?: Problems | null,
        people: readonly InterviewerRow[] = [],
      ): Promise<ServiceResult<InterviewSummary>> {
        const interview = checkInterview(input)
        const rows = checkInterviewerRows(people)
        const checked = withProblems(interview, rows.ok ? null : rows.problems, known)
        if (!checked.ok) return checked
        // withProblems already failed on bad rows; this narrows the type for what follows.
        if (!rows.ok) return invalidFields(rows.problems)
        const now = clock.now()
        const interviewers = rows.value
        const created = await commits.run(() => {
          const row = timeline.create(access.ownerId, checked.value, now)
          for (const person of interviewers) repos.interviewers.create(access.ownerId, row.id, person, now)
          return row
        })
        return summary(access, created.id)
      },

      /** Replaces every field from a full form. */
      update(
        access: AccessContext,
        id: number,
        input: InterviewInput,
        known?: Problems | null,
      ): ServiceResult<Interview> {
        if (!repos.interviews.get(access.ownerId, id)) return missing()
        const checked = withProblems(checkInterview(input), known)
        if (!checked.ok) return checked
        return okOr(timeline.update(access.ownerId, id, checked.value, clock.now()), missing)
      },

      /**
       * Changes only the fields given (moving the start alone keeps the duration) and, when
       * given, the follow-up state, in one transaction.
       */
      patch(
        access: AccessContext,
        id: number,
        patch: InterviewPatch,
        followUpState?: FollowUpState,
      ): ServiceResult<InterviewSummary> {
        const existing = repos.interviews.get(access.ownerId, id)
        if (!existing) return missing()
        const checked = withProblems(checkInterview(mergeInterviewPatch(existing, patch)))
        if (!checked.ok) return checked
        if (!timeline.update(access.ownerId, id, checked.value, clock.now(), followUpState)) return missing()
        return summary(access, id)
      },

      /** "done" / "not_needed" stop the follow-up and its reminders; "open" reopens it. */
      setFollowUpState(access: AccessContext, id: number, state: FollowUpState): ServiceResult<Interview> {
        return okOr(timeline.setFollowUpState(access.ownerId, id, state, clock.now()), missing)
      },

      /** Its interviewers, questions, asked questions and reminders go with it; answers what was deleted. */
      remove(access: AccessContext, id: number): ServiceResult<Interview> {
        return removeOwned(db, repos.interviews, access.ownerId, id, missing)
      },
    }),
  }
}

export type InterviewService = ReturnType<typeof interviewService>
