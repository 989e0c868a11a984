import { Type } from 'typebox'
import { DRAFT_KINDS, DRAFT_STATES, TONES } from '../../domain/drafts.js'
import type { DraftView, InterviewDrafts } from '../../services/drafts/index.js'
import { Instant, iso, isoOrNull, NullableInstant } from './schemas.js'

const Check = Type.Object({
  code: Type.String(),
  level: Type.Enum(['error', 'warning']),
  message: Type.String(),
})

/** The note that a route's `:id` (the interview), `:interviewerId` and `:kind` name. */
export const noteOf = <K extends string>(params: { id: number; interviewerId: number; kind: K }) => ({
  interviewId: params.id,
  interviewerId: params.interviewerId,
  kind: params.kind,
})

export const DraftResponse = Type.Object({
  id: Type.Union([Type.Integer(), Type.Null()], {
    description:
      'null: computed from the interview and not stored yet. Send, mark or edit it by interviewer and kind, or store the page’s notes with POST /interviews/{id}/drafts.',
  }),
  interviewId: Type.Integer(),
  interviewerId: Type.Integer(),
  kind: Type.Enum([...DRAFT_KINDS]),
  tone: Type.Enum([...TONES]),
  subject: Type.String(),
  body: Type.String(),
  edited: Type.Boolean({ description: 'The text is the user’s; only a confirmed regenerate replaces it' }),
  stale: Type.Boolean({ description: 'Edited, and the interview data changed since it was generated' }),
  state: Type.Enum([...DRAFT_STATES]),
  queued: Type.Union(
    [
      Type.Object({
        state: Type.Enum(['queued', 'sending']),
        sendsAt: Instant,
      }),
      Type.Null(),
    ],
    {
      description:
        'A send waiting out its undo window (queued: POST /drafts/{id}/undo cancels it) or going out right now (sending)',
    },
  ),
  covered: Type.Union(
    [
      Type.Object({
        purpose: Type.Enum(['thanks', 'answers']),
        at: Instant,
        byDraftId: Type.Union([Type.Integer(), Type.Null()]),
        queued: Type.Boolean(),
      }),
      Type.Null(),
    ],
    { description: 'An earlier note already settles what this one is for; sending it needs confirmRepeat' },
  ),
  sentAt: NullableInstant,
  sentVia: Type.Union([Type.Enum(['debrief', 'manual']), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()], { description: 'Of the message Debrief delivered' }),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorKind: Type.Union([Type.Enum(['temporary', 'permanent']), Type.Null()]),
  checks: Type.Array(Check, { description: 'Pre-send checks; an "error" blocks sending from Debrief' }),
  mailto: Type.String({ description: 'mailto: link; subject only when mailtoComplete is false' }),
  mailtoComplete: Type.Boolean(),
  canSend: Type.Boolean(),
  canMark: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
})

export const InterviewDraftsResponse = Type.Object({
  interview: Type.Object({
    id: Type.Integer(),
    company: Type.String(),
    role: Type.String(),
    status: Type.String(),
    followUpState: Type.String(),
    followUpDoneAt: NullableInstant,
    deadline: Instant,
  }),
  sendingEnabled: Type.Boolean({ description: 'Whether SMTP_URL is configured' }),
  undoSeconds: Type.Integer({ description: 'SEND_UNDO_SECONDS: how long a send can be undone' }),
  interviewers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      title: Type.String(),
      email: Type.String(),
      thankYouSentAt: NullableInstant,
      answersSentAt: NullableInstant,
      answersDue: Type.Boolean(),
      plan: Type.Union([Type.Enum(['one', 'two']), Type.Null()], {
        description: 'one: thank-you and answers in one e-mail; two: separate notes',
      }),
      needsPlan: Type.Boolean({
        description:
          'Always false: with no plan chosen, the combined note is offered (POST …/plan to choose two)',
      }),
      finished: Type.Boolean({ description: 'Nothing more is owed to this interviewer' }),
      unresearched: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
      drafts: Type.Array(DraftResponse),
    }),
  ),
})

const Text = {
  subject: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  body: Type.Optional(Type.String({ minLength: 1, maxLength: 20_000 })),
}

export const HandOffBody = Type.Object(
  {
    ...Text,
    confirmRepeat: Type.Optional(
      Type.Boolean({
        description:
          'Required (true) to send or record a note when one for the same purpose is already recorded for this interviewer; without it the answer is 409',
      }),
    ),
  },
  {
    additionalProperties: false,
    description: 'subject and body, when given, are saved first and are what goes out',
  },
)

export const PlanBody = Type.Object({ plan: Type.Enum(['one', 'two']) }, { additionalProperties: false })

export function draftJson(d: DraftView) {
  return {
    id: d.id,
    interviewId: d.interviewId,
    interviewerId: d.interviewerId,
    kind: d.kind,
    tone: d.tone,
    subject: d.subject,
    body: d.body,
    edited: d.edited,
    stale: d.stale,
    state: d.state,
    queued: d.queued
      ? {
          state: d.queued.state === 'sending' ? ('sending' as const) : ('queued' as const),
          sendsAt: iso(d.queued.dueAt),
        }
      : null,
    covered: d.covered
      ? {
          purpose: d.covered.purpose,
          at: iso(d.covered.at),
          byDraftId: d.covered.draft?.id ?? null,
          queued: d.covered.queued,
        }
      : null,
    sentAt: isoOrNull(d.sentAt),
    sentVia: d.sentVia,
    messageId: d.messageId,
    lastError: d.lastError,
    lastErrorKind: d.lastErrorKind,
    checks: d.checks,
    mailto: d.mailto.href,
    mailtoComplete: d.mailto.complete,
    canSend: d.canSend,
    canMark: d.canMark,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  }
}

export function interviewDraftsJson(v: InterviewDrafts) {
  return {
    interview: {
      id: v.interview.id,
      company: v.interview.company,
      role: v.interview.role,
      status: v.interview.status,
      followUpState: v.interview.followUpState,
      followUpDoneAt: isoOrNull(v.interview.followUpDoneAt),
      deadline: iso(v.interview.deadline),
    },
    sendingEnabled: v.sendingEnabled,
    undoSeconds: v.undoSeconds,
    interviewers: v.interviewers.map((p) => ({
      id: p.interviewer.id,
      name: p.interviewer.name,
      title: p.interviewer.title,
      email: p.interviewer.email,
      thankYouSentAt: isoOrNull(p.interviewer.thankYouSentAt),
      answersSentAt: isoOrNull(p.interviewer.answersSentAt),
      answersDue: p.answersDue,
      plan: p.plan,
      needsPlan: p.needsPlan,
      finished: p.finished,
      unresearched: p.unresearched,
      drafts: p.drafts.map(draftJson),
    })),
  }
}
