import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type TSchema, Type } from 'typebox'
import { DRAFT_KINDS, TONES } from '../../domain/drafts.js'
import { sendError } from '../../plugins/errors.js'
import type { DraftView, Failure, NoteRef, Result } from '../../services/drafts/index.js'
import { sendFailure } from '../serviceFailure.js'
import { answer } from './answer.js'
import {
  DraftResponse,
  draftJson,
  HandOffBody,
  InterviewDraftsResponse,
  interviewDraftsJson,
  noteOf,
  PlanBody,
} from './draftModels.js'
import { answers, ConflictErrors, IdParams } from './schemas.js'

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

const InterviewerParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  interviewerId: Type.Integer({ minimum: 1 }),
})
const NoteParams = Type.Object({ ...InterviewerParams.properties, kind: Type.Enum([...DRAFT_KINDS]) })

const tags = ['drafts']
/** The schema of a route that answers with a draft (or the interview's drafts), or a failure or conflict. */
const draftSchema = <S extends TSchema, E extends object>(response: S, schema: E) => ({
  tags,
  ...schema,
  response: answers(200, response, ConflictErrors),
})
const REPEAT_409 =
  '409: refused because it would repeat a note already recorded for this interviewer (the message names it and its time); repeat the request with "confirmRepeat": true to go ahead.'

const fail = (request: FastifyRequest, reply: FastifyReply, failure: Failure) => {
  if (failure.needsRepeatConfirmation) {
    return sendError(request, reply, 409, failure.message, {
      confirmRepeat: 'must be true to repeat this note',
    })
  }
  return sendFailure(request, reply, failure)
}

/** A draft route's answer: the draft as it is now, or the failure (a repeat to confirm is a 409). */
const answerDraft = (reply: FastifyReply, result: Result<DraftView>) =>
  result.ok ? draftJson(result.value) : fail(reply.request, reply, result)

const textOf = (body: { subject?: string | undefined; body?: string | undefined } | undefined) =>
  body?.subject !== undefined && body.body !== undefined
    ? { subject: body.subject, body: body.body }
    : undefined

const draftsApi: FastifyPluginAsyncTypebox = async (app) => {
  // A hand-off without a body (no new text, no confirmation) is the common case: read it as {}.
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {}
  })
  const drafts = app.services.drafts

  // Reading the notes and storing them answer alike: the interview's notes, or 404.
  const interviewDrafts = (method: 'GET' | 'POST', summary: string, read: typeof drafts.forInterview) =>
    app.route({
      method,
      url: '/interviews/:id/drafts',
      schema: draftSchema(InterviewDraftsResponse, { summary, params: IdParams }),
      handler: async (request, reply) =>
        answer(reply, read(request.access!, request.params.id), interviewDraftsJson),
    })
  interviewDrafts(
    'GET',
    'The follow-up notes of an interview, per interviewer (computed; reading stores nothing)',
    drafts.forInterview,
  )
  interviewDrafts(
    'POST',
    'Store the notes the interview currently calls for, so each has an id',
    drafts.prepare,
  )

  app.post(
    '/interviews/:id/interviewers/:interviewerId/plan',
    {
      schema: draftSchema(InterviewDraftsResponse, {
        summary: 'One e-mail (thank-you and answers together) or two, for one interviewer',
        params: InterviewerParams,
        body: PlanBody,
      }),
    },
    async (request, reply) => {
      const { id: interviewId, interviewerId } = request.params
      const view = drafts.choosePlan(request.access!, interviewId, interviewerId, request.body.plan)
      return answer(reply, view, interviewDraftsJson)
    },
  )

  app.get(
    '/drafts/:id',
    { schema: draftSchema(DraftResponse, { params: IdParams }) },
    async (request, reply) => answerDraft(reply, drafts.get(request.access!, { id: request.params.id })),
  )

  app.put(
    '/drafts/:id',
    {
      schema: draftSchema(DraftResponse, {
        summary: 'Save edits to the subject and text; the draft is then the user’s own',
        params: IdParams,
        body: EditBody,
      }),
    },
    async (request, reply) =>
      answerDraft(reply, drafts.edit(request.access!, { id: request.params.id }, request.body)),
  )

  app.post(
    '/drafts/:id/regenerate',
    {
      schema: draftSchema(DraftResponse, {
        summary: 'Render the draft again from the templates, optionally in another tone',
        params: IdParams,
        body: RegenerateBody,
      }),
    },
    async (request, reply) => {
      const ref = { id: request.params.id }
      const current = drafts.get(request.access!, ref)
      if (!current.ok) return fail(request, reply, current)
      const body = request.body ?? {}
      const result = drafts.regenerate(
        request.access!,
        ref,
        body.tone ?? current.value.tone,
        body.confirm === true,
      )
      if (!result.ok && result.needsConfirmation) {
        return sendError(request, reply, 409, `${result.message} Send {"confirm": true}.`, {
          confirm: 'must be true to replace your edits',
        })
      }
      return answerDraft(reply, result)
    },
  )

  const sendSchema = <P extends TSchema>(params: P) =>
    draftSchema(DraftResponse, {
      summary: 'Send from Debrief: queued, and sent when the undo window (SEND_UNDO_SECONDS) has passed',
      description: `From: "<your name> via Debrief" <MAIL_FROM's address>, Reply-To: you, and a copy to you. The answer's \`queued\` says when it goes out; POST /drafts/{id}/undo cancels it until then. ${REPEAT_409}`,
      params,
      body: HandOffBody,
    })
  const markSchema = <P extends TSchema>(params: P) =>
    draftSchema(DraftResponse, {
      summary: 'Record that the note was sent from your own mail program',
      description: REPEAT_409,
      params,
      body: HandOffBody,
    })
  type HandOff = { subject?: string; body?: string; confirmRepeat?: boolean } | undefined

  const send = async (request: FastifyRequest, reply: FastifyReply, ref: NoteRef, body: HandOff) => {
    const result = await drafts.send(request.access!, ref, {
      text: textOf(body),
      confirmRepeat: body?.confirmRepeat === true,
      commit: true,
    })
    return result.ok ? draftJson(result.value.draft) : fail(request, reply, result)
  }
  const mark = (request: FastifyRequest, reply: FastifyReply, ref: NoteRef, body: HandOff) => {
    const result = drafts.markSent(request.access!, ref, {
      text: textOf(body),
      confirmRepeat: body?.confirmRepeat === true,
    })
    return answerDraft(reply, result)
  }

  // Each hand-off answers at the stored draft's id and at the note's interview, interviewer and kind.
  const handOffRoutes = (action: string, schemaOf: typeof sendSchema, act: typeof send | typeof mark) => {
    app.post(`/drafts/:id/${action}`, { schema: schemaOf(IdParams) }, async (request, reply) =>
      act(request, reply, { id: request.params.id }, request.body),
    )
    app.post(
      `/interviews/:id/interviewers/:interviewerId/notes/:kind/${action}`,
      { schema: schemaOf(NoteParams) },
      async (request, reply) => act(request, reply, noteOf(request.params), request.body),
    )
  }
  handOffRoutes('send', sendSchema, send)
  handOffRoutes('mark-sent', markSchema, mark)

  app.post(
    '/drafts/:id/undo',
    {
      schema: draftSchema(DraftResponse, {
        summary: 'Cancel a queued send while its undo window lasts',
        description:
          '409 "Too late — it was sent" once the send was claimed: from then on it goes out (or went out).',
        params: IdParams,
      }),
    },
    async (request, reply) => answerDraft(reply, drafts.undo(request.access!, request.params.id)),
  )

  app.post(
    '/drafts/:id/unmark',
    {
      schema: draftSchema(DraftResponse, {
        summary: 'Undo mark-sent (not possible for notes Debrief sent itself)',
        params: IdParams,
      }),
    },
    async (request, reply) => answerDraft(reply, drafts.unmarkSent(request.access!, request.params.id)),
  )

  const emlSchema = {
    tags,
    summary: 'The note as an RFC 5322 .eml file from you to the interviewer',
    params: IdParams,
    response: {
      200: { description: 'message/rfc822', content: { 'message/rfc822': { schema: Type.String() } } },
      ...ConflictErrors,
    },
  }
  const eml = async (request: FastifyRequest<{ Params: { id: number } }>, reply: FastifyReply) => {
    const result = await drafts.eml(request.access!, { id: request.params.id })
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
