import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { iso } from '../../domain/format.js'
import {
  CONFIDENCES,
  followUpDeadline,
  INTERVIEW_KINDS,
  isClosingOutcome,
  KIND_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  STATUS_LABELS,
} from '../../domain/interview.js'
import { httpUrlProblem, LIMITS } from '../../domain/interviewInput.js'
import { confirmStopMessage, type Guide, nextStep, prepWhen, remainingWork } from '../../domain/nextStep.js'
import { researchProgress, thankedProgress } from '../../domain/progress.js'
import type { InterviewPage } from '../../services/interviews/interviews.js'
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

/** The quick capture's labels: the page and the fragment's error messages say the same. */
export const CAPTURE_FIELDS = {
  text: { id: 'capture-text', label: 'Question you were asked' },
  confidence: { id: 'capture-confidence', label: 'How did it go?' },
  topics: { id: 'capture-topics', label: 'Topics' },
} as const

/** The guide for an interview as the page service returns it. */
export function guideOf({ interview, questions, interviewers }: InterviewPage): Guide {
  return nextStep({
    interviewId: interview.id,
    followUpState: interview.followUpState,
    closed: isClosingOutcome(interview.outcome),
    questions,
    interviewers,
  })
}

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
  sections: {
    interviewer?: FormSection
    capture?: FormSection
    ask?: AskSection
    followUp?: FormSection
  } = {},
  status = 200,
) {
  const common = viewCommon(app)
  const found = app.services.interviews.page(request.access!, interviewId)
  if (!found.ok) return sendFailure(request, reply, found)
  const { interview, interviewers, questions, asked, askBank, reminders } = found.value
  const deadline = followUpDeadline(interview.endsAt)
  // Before the end the page prepares for the interview; from the end on it is the debrief.
  const prep = interview.status === 'scheduled'
  const remaining = remainingWork({ questions, interviewers })
  return reply.code(status).page('interview', {
    ...common,
    title: `${interview.company} — ${interview.role}`,
    interview,
    prep,
    deadline,
    deadlineIso: iso(deadline),
    startsIso: iso(interview.startsAt),
    prepWhen: prepWhen(interview.startsAt, interview.endsAt, common.now),
    // A meeting link is worth a click; any other location stays plain text.
    locationIsLink: interview.location !== '' && httpUrlProblem(interview.location) === undefined,
    interviewers,
    interviewerNames: new Map(interviewers.map((p) => [p.id, p.name])),
    questions,
    guide: guideOf(found.value),
    remaining,
    confirmStop: remaining === null ? '' : confirmStopMessage(remaining),
    // With nothing captured after the end, capturing is the next thing; otherwise the guide leads.
    autofocusCapture: !prep && questions.length === 0,
    captureLabels: {
      text: CAPTURE_FIELDS.text.label,
      confidence: CAPTURE_FIELDS.confidence.label,
      topics: CAPTURE_FIELDS.topics.label,
    },
    research: researchProgress(questions),
    thanked: thankedProgress(interviewers),
    asked,
    askBank,
    reminders,
    studyPrep: app.study.prepFor(studyAccess(request.access!, request.owner!.timeZone), interview),
    interviewer: { errors: {}, values: {}, ...sections.interviewer },
    capture: { errors: {}, values: { confidence: 'missed' }, ...sections.capture },
    ask: { errors: {}, values: {}, ...sections.ask },
    followUp: { errors: {}, values: {}, ...sections.followUp },
  })
}

/**
 * Marking a follow-up done stops every reminder, so while questions are unresearched or
 * interviewers unthanked it takes an explicit "stop reminders anyway". Without it the page
 * comes back (409) naming what remains. True when it answered the request (a reply is
 * thenable, so it is not returned itself); false when nothing remains or it was confirmed.
 */
export async function refuseUnconfirmedStop(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  interviewId: number,
  confirmed: boolean,
): Promise<boolean> {
  if (confirmed) return false
  const found = app.services.interviews.page(request.access!, interviewId)
  if (!found.ok) {
    sendFailure(request, reply, found)
    return true
  }
  const remaining = remainingWork(found.value)
  if (remaining === null) return false
  const confirm = `${remaining}. Tick “Stop reminders anyway” to mark it followed up all the same.`
  await showInterview(app, request, reply, interviewId, { followUp: { errors: { confirm } } }, 409)
  return true
}
