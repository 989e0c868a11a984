import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DRAFT_KINDS, DRAFT_STATES, TONES } from '../../domain/drafts.js'
import type { DraftView, Failure, InterviewDrafts } from '../../drafts/service.js'
import { sendError } from '../../plugins/errors.js'
import { ErrorResponses, NO_INTERVIEW } from './interviewModels.js'
import { ErrorResponse, IdParams, Instant, iso, isoOrNull, NullableInstant } from './schemas.js'

const Check = Type.Object({
  code: Type.String(),
  level: Type.Enum(['error', 'warning']),
  message: Type.String(),
})

export const DraftResponse = Type.Object({
  id: Type.Integer(),
  interviewId: Type.Integer(),
  interviewerId: Type.Integer(),
  kind: Type.Enum([...DRAFT_KINDS]),
  tone: Type.Enum([...TONES]),
  subject: Type.String(),
  body: Type.String(),
  edited: Type.Boolean({ description: 'The text is the user’s; only a confirmed regenerate replaces it' }),
  stale: Type.Boolean({ description: 'Edited, and the interview data changed since it was generated' }),
  state: Type.Enum([...DRAFT_STATES]),
  sentAt: NullableInstant,
  sentVia: Type.Union([Type.Enum(['debrief', 'manual']), Type.Null()]),
  messageId: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorKind: Type.Union([Type.Enum(['temporary', 'permanent']), Type.Null()]),
  checks: Type.Array(Check, { description: 'Pre-send checks; an "error" blocks sending from Debrief' }),
  mailto: Type.String({ description: 'mailto: link; subject only when mailtoComplete is false' }),
  mailtoComplete: Type.Boolean(),
  canSend: Type.Boolean(),
  createdAt: Instant,
  updatedAt: Instant,
})

const InterviewDraftsResponse = Type.Object({
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
  interviewers: Type.Array(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      title: Type.String(),
      email: Type.String(),
      thankYouSentAt: NullableInstant,
      answersSentAt: NullableInstant,
      answersDue: Type.Boolean(),
      unresearched: Type.Array(Type.Object({ id: Type.Integer(), text: Type.String() })),
      drafts: Type.Array(DraftResponse),
    }),
  ),
})

const EditBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 300 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  { additionalProperties: false },
)

const RegenerateBody = Type.Object(
  {
    tone: Type.Optional(Type.Enum([...TONES])),
    confirm: Type.Optional(Type.Boolean({ description: 'Required (true) when the draft has edits' })),
  },
  { additionalProperties: false },
)

const errors = { ...ErrorResponses, 409: ErrorResponse }

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
    sentAt: isoOrNull(d.sentAt),
    sentVia: d.sentVia,
    messageId: d.messageId,
    attempts: d.attempts,
    lastError: d.lastError,
    lastErrorKind: d.lastErrorKind,
    checks: d.checks,
    mailto: d.mailto.href,
    mailtoComplete: d.mailto.complete,
    canSend: d.canSend,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
  }
}

function interviewDraftsJson(v: InterviewDrafts) {
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
    interviewers: v.interviewers.map((p) => ({
      id: p.interviewer.id,
      name: p.interviewer.name,
      title: p.interviewer.title,
      email: p.interviewer.email,
      thankYouSentAt: isoOrNull(p.interviewer.thankYouSentAt),
      answersSentAt: isoOrNull(p.interviewer.answersSentAt),
      answersDue: p.answersDue,
      unresearched: p.unresearched,
      drafts: p.drafts.map(draftJson),
    })),
  }
}

const fail = (request: FastifyRequest, reply: FastifyReply, failure: Failure) => {
  if (failure.status === 503) void reply.header('retry-after', '120')
  return sendError(request, reply, failure.status, failure.message, failure.fields)
}

const draftsApi: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['drafts']
  const person = (request: FastifyRequest) => {
    const user = request.user!
    return { id: user.id, who: { name: user.name, email: user.email } }
  }

  app.get(
    '/interviews/:id/drafts',
    {
      schema: {
        tags,
        summary: 'The follow-up drafts of an interview, per interviewer (created on first use)',
        params: IdParams,
        response: { 200: InterviewDraftsResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const view = app.drafts.forInterview(id, who, request.params.id)
      if (!view) return sendError(request, reply, 404, NO_INTERVIEW)
      return interviewDraftsJson(view)
    },
  )

  app.get(
    '/drafts/:id',
    { schema: { tags, params: IdParams, response: { 200: DraftResponse, ...errors } } },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.get(id, who, request.params.id)
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  app.put(
    '/drafts/:id',
    {
      schema: {
        tags,
        summary: 'Save edits to the subject and text; the draft is then the user’s own',
        params: IdParams,
        body: EditBody,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.edit(id, who, request.params.id, request.body)
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  app.post(
    '/drafts/:id/regenerate',
    {
      schema: {
        tags,
        summary: 'Render the draft again from the templates, optionally in another tone',
        params: IdParams,
        body: RegenerateBody,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const current = app.drafts.get(id, who, request.params.id)
      if (!current.ok) return fail(request, reply, current)
      const result = app.drafts.regenerate(
        id,
        who,
        request.params.id,
        request.body.tone ?? current.value.tone,
        request.body.confirm === true,
      )
      if (!result.ok && result.needsConfirmation) {
        return sendError(request, reply, 409, `${result.message} Send {"confirm": true}.`, {
          confirm: 'must be true to replace your edits',
        })
      }
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  app.post(
    '/drafts/:id/send',
    {
      schema: {
        tags,
        summary: 'Send from Debrief over SMTP (From: MAIL_FROM, Reply-To: you, and a copy to you)',
        description:
          'Never sends a draft twice. 503: a temporary failure, the draft stays retryable; 502: the server refused it.',
        params: IdParams,
        response: { 200: DraftResponse, ...errors, 502: ErrorResponse, 503: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = await app.drafts.send(id, who, request.params.id)
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  app.post(
    '/drafts/:id/mark-sent',
    {
      schema: {
        tags,
        summary: 'Record that the note was sent from your own mail program',
        params: IdParams,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.markSent(id, who, request.params.id)
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  app.post(
    '/drafts/:id/unmark',
    {
      schema: {
        tags,
        summary: 'Undo mark-sent (not possible for notes Debrief sent itself)',
        params: IdParams,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.unmarkSent(id, who, request.params.id)
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  const emlSchema = {
    tags,
    summary: 'The note as an RFC 5322 .eml file from you to the interviewer',
    params: IdParams,
    response: {
      200: {
        description: 'message/rfc822',
        content: { 'message/rfc822': { schema: Type.String() } },
      },
      ...errors,
    },
  }
  const eml = async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    const { id, who } = person(request)
    const result = await app.drafts.eml(id, who, request.params.id)
    if (!result.ok) return fail(request, reply, result)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${result.value.filename}"`)
      .send(result.value.content)
  }
  app.get('/drafts/:id.eml', { schema: emlSchema }, eml)
  app.get('/drafts/:id/eml', { schema: emlSchema }, eml)
}

export default draftsApi
