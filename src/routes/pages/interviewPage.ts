import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import {
  CONFIDENCES,
  FOLLOW_UP_WINDOW_MS,
  INTERVIEW_KINDS,
  KIND_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  STATUS_LABELS,
} from '../../domain/interview.js'
import { httpUrlProblem, LIMITS } from '../../domain/interviewInput.js'
import { researchProgress, thankedProgress } from '../../domain/progress.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'

/** Ids beyond the safe integers would be rounded before the lookup, so they are no id at all. */
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) })

export const NOT_FOUND = {
  interview: 'There is no such interview. It may have been deleted; see your interviews list.',
  interviewer: 'There is no such interviewer. They may have been removed from the interview.',
  question: 'There is no such question. It may have been deleted; see the question bank.',
  ask: 'There is no such question to ask. It may have been deleted.',
}

export const CONFIDENCE_LABELS = { missed: 'Missed', shaky: 'Shaky', nailed: 'Nailed' } as const

/** What every interview-related view needs besides its own data: labels, limits and "now". */
export function viewCommon(app: FastifyInstance) {
  return {
    now: app.clock.now(),
    windowMs: FOLLOW_UP_WINDOW_MS,
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
  const user = request.owner!
  const common = viewCommon(app)
  const interview = app.repos.interviews.summary(user.id, interviewId, common.now)
  if (!interview) return sendError(request, reply, 404, NOT_FOUND.interview)
  const interviewers = app.repos.interviewers.listForInterview(user.id, interviewId)
  const questions = app.repos.questions.listForInterview(user.id, interviewId)
  const asked = app.repos.askQuestions.listAsked(user.id, interviewId)
  const askedIds = new Set(asked.map((a) => a.askQuestionId))
  return reply.code(status).page('interview', {
    ...common,
    title: `${interview.company} — ${interview.role}`,
    interview,
    deadline: interview.endsAt + FOLLOW_UP_WINDOW_MS,
    // A meeting link is worth a click; any other location stays plain text.
    locationIsLink: interview.location !== '' && httpUrlProblem(interview.location) === undefined,
    interviewers,
    interviewerNames: new Map(interviewers.map((p) => [p.id, p.name])),
    questions,
    research: researchProgress(questions),
    thanked: thankedProgress(interviewers),
    asked,
    askBank: app.repos.askQuestions.list(user.id).filter((a) => !askedIds.has(a.id)),
    reminders: app.repos.reminders.listForInterview(user.id, interviewId),
    interviewer: { errors: {}, values: {}, ...sections.interviewer },
    capture: { errors: {}, values: { confidence: 'missed' }, ...sections.capture },
    ask: { errors: {}, values: {}, ...sections.ask },
  })
}
