import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { iso } from '../../domain/format.js'
import {
  CONFIDENCES,
  followUpDeadline,
  INTERVIEW_KINDS,
  KIND_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  STATUS_LABELS,
} from '../../domain/interview.js'
import { httpUrlProblem, LIMITS } from '../../domain/interviewInput.js'
import { researchProgress, thankedProgress } from '../../domain/progress.js'
import { NOT_FOUND } from '../../services/messages.js'
import { studyAccess } from '../../services/study.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'

// Their homes are routes/params.ts and services/messages.ts; re-exported for the page modules that read them here.
export { IdParams, NOT_FOUND }

export const CONFIDENCE_LABELS = { missed: 'Missed', shaky: 'Shaky', nailed: 'Nailed' } as const

/** What every interview-related view needs besides its own data: labels, limits and "now". */
export function viewCommon(app: FastifyInstance) {
  return {
    now: app.clock.now(),
    limits: LIMITS,
    kinds: INTERVIEW_KINDS.map((kind) => [kind, KIND_LABELS[kind]]),
    outcomes: OUTCOMES.map((outcome) => [outcome, OUTCOME_LABELS[outcome]]),
    confidences: CONFIDENCES.map((c) => [c, CONFIDENCE_LABELS[c]]),
    labels: {
      kind: KIND_LABELS,
      outcome: OUTCOME_LABELS,
      status: STATUS_LABELS,
      confidence: CONFIDENCE_LABELS,
    },
  }
}

/** A form field from a urlencoded body: a string, or undefined when absent or repeated. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

export type FormSection = { errors?: FieldErrors; values?: Record<string, unknown> }

/** The questions-to-ask section has one small form per asked question; heardId says which one failed. */
export type AskSection = FormSection & { heardId?: number }

/**
 * Renders the interview page. Forms on it (add interviewer, quick capture, pick questions to
 * ask) that fail validation re-render this same page with their section's errors and input.
 * An interview that is not the user's answers 404 here, so every caller is covered.
 */
export async function showInterview(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  interviewId: number,
  sections: { interviewer?: FormSection; capture?: FormSection; ask?: AskSection } = {},
  status = 200,
) {
  const common = viewCommon(app)
  const found = app.services.interviews.page(request.access!, interviewId)
  if (!found.ok) return sendFailure(request, reply, found)
  const { interview, interviewers, questions, asked, askBank, reminders } = found.value
  const deadline = followUpDeadline(interview.endsAt)
  return reply.code(status).page('interview', {
    ...common,
    title: `${interview.company} — ${interview.role}`,
    interview,
    deadline,
    deadlineIso: iso(deadline),
    // A meeting link is worth a click; any other location stays plain text.
    locationIsLink: interview.location !== '' && httpUrlProblem(interview.location) === undefined,
    interviewers,
    interviewerNames: new Map(interviewers.map((p) => [p.id, p.name])),
    questions,
    research: researchProgress(questions),
    thanked: thankedProgress(interviewers),
    asked,
    askBank,
    reminders,
    studyPrep: app.study.prepFor(studyAccess(request.access!, request.owner!.timeZone), interview),
    interviewer: { errors: {}, values: {}, ...sections.interviewer },
    capture: { errors: {}, values: { confidence: 'missed' }, ...sections.capture },
    ask: { errors: {}, values: {}, ...sections.ask },
  })
}
