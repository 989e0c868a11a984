import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendError } from '../../plugins/errors.js'
import type { NoteRef } from '../../services/drafts/index.js'
import { sendFailure } from '../serviceFailure.js'
import { actOnNote, regenerateNote } from './draftActions.js'
import {
  badId,
  done,
  draftsPage,
  flashFailure,
  handedOver,
  InterviewerParams,
  NO_DRAFT,
  NoteBody,
  NoteParams,
  PlanBody,
  RegenerateBody,
} from './draftForms.js'
import { focusAfter, interviewerName, noteName, progressOf } from './draftProgress.js'
import { ButtonForm, formErrors } from './forms.js'
import { IdParams, NOT_FOUND } from './interviewPage.js'

const draftPages: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('preHandler', app.requireUser)
  const drafts = app.services.drafts

  app.get('/interviews/:id/drafts', { schema: { params: IdParams } }, async (request, reply) =>
    draftsPage(request, reply)(request.params.id),
  )

  app.post(
    '/interviews/:id/interviewers/:interviewerId/plan',
    { schema: { params: InterviewerParams, body: PlanBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NOT_FOUND.interview)
      if (formErrors(request)) return sendError(request, reply, 400, 'Choose one e-mail or two.')
      const { id: interviewId, interviewerId } = request.params
      const chosen = drafts.choosePlan(request.access!, interviewId, interviewerId, request.body.plan)
      if (!chosen.ok) return sendFailure(request, reply, chosen)
      const progress = progressOf(chosen.value)
      return done(
        request,
        reply,
        'info',
        request.body.plan === 'two'
          ? `Two e-mails for ${interviewerName(chosen.value, interviewerId)}: a thank-you, then your answers.`
          : `One e-mail for ${interviewerName(chosen.value, interviewerId)}: the thank-you and your answers together.`,
        `/interviews/${interviewId}/drafts#interviewer-${interviewerId}`,
        focusAfter(progress),
      )
    },
  )

  app.post(
    '/drafts/:id',
    { schema: { params: IdParams, body: NoteBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      return actOnNote(request, reply, { id: request.params.id })
    },
  )

  app.post(
    '/interviews/:id/notes/:interviewerId/:kind',
    { schema: { params: NoteParams, body: NoteBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      const { id: interviewId, interviewerId, kind } = request.params
      return actOnNote(request, reply, { interviewId, interviewerId, kind })
    },
  )

  app.post(
    '/drafts/:id/regenerate',
    { schema: { params: IdParams, body: RegenerateBody }, attachValidation: true },
    async (request, reply) => {
      if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
      if (formErrors(request))
        return sendError(request, reply, 400, 'Choose one of the offered tones.', formErrors(request)!)
      return regenerateNote(
        request,
        reply,
        { id: request.params.id },
        request.body.tone,
        request.body.confirm === 'yes',
      )
    },
  )

  // Undo and un-mark hand a note back: it stays, or is again, a draft.
  const handBacks = {
    undo: { handBack: drafts.undo, message: (name: string) => `Not sent: ${name} stays a draft.` },
    unmark: {
      handBack: drafts.unmarkSent,
      message: (name: string) => `${name} is a draft again and counts as not sent.`,
    },
  }
  for (const [action, { handBack, message }] of Object.entries(handBacks)) {
    app.post(
      `/drafts/:id/${action}`,
      { schema: { params: IdParams, body: ButtonForm }, attachValidation: true },
      async (request, reply) => {
        if (badId(request)) return sendError(request, reply, 404, NO_DRAFT)
        const result = handBack(request.access!, request.params.id)
        if (!result.ok) return flashFailure(request, reply, result)
        const note = result.value
        return handedOver(request, reply, 'info', note, (view) => message(noteName(view, note)))
      },
    )
  }

  const eml = async (request: FastifyRequest, reply: FastifyReply, ref: NoteRef) => {
    const result = await drafts.eml(request.access!, ref)
    if (!result.ok) return sendFailure(request, reply, result)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="${result.value.filename}"`)
      .send(result.value.content)
  }
  app.get('/drafts/:id.eml', { schema: { params: IdParams } }, async (request, reply) =>
    eml(request, reply, { id: request.params.id }),
  )
  app.get('/drafts/:id/eml', { schema: { params: IdParams } }, async (request, reply) =>
    eml(request, reply, { id: request.params.id }),
  )
  app.get(
    '/interviews/:id/notes/:interviewerId/:kind/eml',
    { schema: { params: NoteParams } },
    async (request, reply) => {
      const { id: interviewId, interviewerId, kind } = request.params
      return eml(request, reply, { interviewId, interviewerId, kind })
    },
  )
}

export default draftPages
