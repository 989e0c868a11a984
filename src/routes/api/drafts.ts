import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type Static, type TSchema, Type } from 'typebox'
import { DRAFT_KINDS, TONES } from '../../domain/drafts.js'
import type { Failure, NoteRef } from '../../drafts/service.js'
import { sendError } from '../../plugins/errors.js'
import {
  DraftResponse,
  draftJson,
  HandOffBody,
  InterviewDraftsResponse,
  interviewDraftsJson,
  PlanBody,
} from './draftModels.js'
import { ErrorResponses, NO_INTERVIEW } from './interviewModels.js'
import { ErrorResponse, IdParams } from './schemas.js'

export { DraftResponse, draftJson }

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

const NoteParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  interviewerId: Type.Integer({ minimum: 1 }),
  kind: Type.Enum([...DRAFT_KINDS]),
})
const InterviewerParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  interviewerId: Type.Integer({ minimum: 1 }),
})

const errors = { ...ErrorResponses, 409: ErrorResponse }
const REPEAT_409 =
  '409: refused because it would repeat a note already recorded for this interviewer (the message names it and its time); repeat the request with "confirmRepeat": true to go ahead.'

const fail = (request: FastifyRequest, reply: FastifyReply, failure: Failure) => {
  if (failure.needsRepeatConfirmation) {
    return sendError(request, reply, 409, failure.message, {
      confirmRepeat: 'must be true to repeat this note',
    })
  }
  return sendError(request, reply, failure.status, failure.message, failure.fields)
}

/** The note of one kind for one interviewer, as the note routes' parameters name it. */
const noteRef = (params: Static<typeof NoteParams>): NoteRef => ({
  interviewId: params.id,
  interviewerId: params.interviewerId,
  kind: params.kind,
})

const textOf = (body: { subject?: string | undefined; body?: string | undefined } | undefined) =>
  body?.subject !== undefined && body.body !== undefined
    ? { subject: body.subject, body: body.body }
    : undefined

const draftsApi: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['drafts']
  // A hand-off without a body (no new text, no confirmation) is the common case: read it as {}.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {}
  })
  const person = (request: FastifyRequest) => {
    const user = request.owner!
    return { id: user.id, who: { name: user.name, email: user.email, timeZone: user.timeZone } }
  }

  // Reading the notes and storing them answer alike: the interview's notes, or 404.
  const interviewDrafts = (method: 'GET' | 'POST', summary: string, read: typeof app.drafts.forInterview) =>
    app.route({
      method,
      url: '/interviews/:id/drafts',
      schema: { tags, summary, params: IdParams, response: { 200: InterviewDraftsResponse, ...errors } },
      handler: async (request, reply) => {
        const { id, who } = person(request)
        const view = read(id, who, request.params.id)
        if (!view) return sendError(request, reply, 404, NO_INTERVIEW)
        return interviewDraftsJson(view)
      },
    })
  interviewDrafts(
    'GET',
    'The follow-up notes of an interview, per interviewer (computed; reading stores nothing)',
    app.drafts.forInterview,
  )
  interviewDrafts(
    'POST',
    'Store the notes the interview currently calls for, so each has an id',
    app.drafts.prepare,
  )

  app.post(
    '/interviews/:id/interviewers/:interviewerId/plan',
    {
      schema: {
        tags,
        summary: 'One e-mail (thank-you and answers together) or two, for one interviewer',
        params: InterviewerParams,
        body: PlanBody,
        response: { 200: InterviewDraftsResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const { id: interviewId, interviewerId } = request.params
      if (!app.drafts.choosePlan(id, who, interviewId, interviewerId, request.body.plan)) {
        return sendError(request, reply, 404, 'No such interviewer in this interview.')
      }
      return interviewDraftsJson(app.drafts.forInterview(id, who, interviewId)!)
    },
  )

  app.get(
    '/drafts/:id',
    { schema: { tags, params: IdParams, response: { 200: DraftResponse, ...errors } } },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.get(id, who, { id: request.params.id })
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
      const result = app.drafts.edit(id, who, { id: request.params.id }, request.body)
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
      const ref = { id: request.params.id }
      const current = app.drafts.get(id, who, ref)
      if (!current.ok) return fail(request, reply, current)
      const body = request.body ?? {}
      const result = app.drafts.regenerate(
        id,
        who,
        ref,
        body.tone ?? current.value.tone,
        body.confirm === true,
      )
      if (!result.ok && result.needsConfirmation) {
        return sendError(request, reply, 409, `${result.message} Send {"confirm": true}.`, {
          confirm: 'must be true to replace your edits',
        })
      }
      return result.ok ? draftJson(result.value) : fail(request, reply, result)
    },
  )

  const sendSchema = <P extends TSchema>(params: P) => ({
    tags,
    summary: 'Send from Debrief: queued, and sent when the undo window (SEND_UNDO_SECONDS) has passed',
    description: `From: "<your name> via Debrief" <MAIL_FROM's address>, Reply-To: you, and a copy to you. The answer's \`queued\` says when it goes out; POST /drafts/{id}/undo cancels it until then. ${REPEAT_409}`,
    params,
    body: HandOffBody,
    response: { 200: DraftResponse, ...errors },
  })
  const markSchema = <P extends TSchema>(params: P) => ({
    tags,
    summary: 'Record that the note was sent from your own mail program',
    description: REPEAT_409,
    params,
    body: HandOffBody,
    response: { 200: DraftResponse, ...errors },
  })
  type HandOff = { subject?: string; body?: string; confirmRepeat?: boolean } | undefined

  const send = async (request: FastifyRequest, reply: FastifyReply, ref: NoteRef, body: HandOff) => {
    const { id, who } = person(request)
    const result = await app.drafts.send(id, who, ref, {
      text: textOf(body),
      confirmRepeat: body?.confirmRepeat === true,
      commit: true,
    })
    return result.ok ? draftJson(result.value.draft) : fail(request, reply, result)
  }
  const mark = (request: FastifyRequest, reply: FastifyReply, ref: NoteRef, body: HandOff) => {
    const { id, who } = person(request)
    const result = app.drafts.markSent(id, who, ref, {
      text: textOf(body),
      confirmRepeat: body?.confirmRepeat === true,
    })
    return result.ok ? draftJson(result.value) : fail(request, reply, result)
  }

  // Each hand-off answers at the stored draft's id and at the note's interview, interviewer and kind.
  const handOffRoutes = (action: string, schemaOf: typeof sendSchema, act: typeof send | typeof mark) => {
    app.post(`/drafts/:id/${action}`, { schema: schemaOf(IdParams) }, async (request, reply) =>
      act(request, reply, { id: request.params.id }, request.body),
    )
    app.post(
      `/interviews/:id/interviewers/:interviewerId/notes/:kind/${action}`,
      { schema: schemaOf(NoteParams) },
      async (request, reply) => act(request, reply, noteRef(request.params), request.body),
    )
  }
  handOffRoutes('send', sendSchema, send)
  handOffRoutes('mark-sent', markSchema, mark)

  app.post(
    '/drafts/:id/undo',
    {
      schema: {
        tags,
        summary: 'Cancel a queued send while its undo window lasts',
        description:
          '409 "Too late — it was sent" once the send was claimed: from then on it goes out (or went out).',
        params: IdParams,
        response: { 200: DraftResponse, ...errors },
      },
    },
    async (request, reply) => {
      const { id, who } = person(request)
      const result = app.drafts.undo(id, who, request.params.id)
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
      200: { description: 'message/rfc822', content: { 'message/rfc822': { schema: Type.String() } } },
      ...errors,
    },
  }
  const eml = async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    const { id, who } = person(request)
    const result = await app.drafts.eml(id, who, { id: request.params.id })
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
