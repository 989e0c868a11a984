import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { CreatedInvitation } from '../../services/coach/invitations.js'
import type { FieldErrors } from '../../validation.js'
import { IdParams } from '../params.js'
import { COACH_NEVER_SEES, COACH_SEES } from './coachConsent.js'
import { refused, settle } from './formSteps.js'
import { ButtonForm, CSRF_FIELD, formErrors, formValues } from './forms.js'

const InviteBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  ...CSRF_FIELD,
})
const HERE = '/settings/coach'

/** Settings → Coach: the candidate invites a coach, sees who has access and what they looked at, and revokes. */
const coachSettingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const coach = app.services.coach

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    parts: { errors?: FieldErrors; values?: Record<string, unknown>; created?: CreatedInvitation } = {},
    status = 200,
  ) => {
    const access = request.access!
    return reply.code(status).page('coach-settings', {
      title: 'Coach',
      coaches: coach.links.coaches(access),
      views: coach.links.views(access),
      invitations: coach.invitations.listOpen(access).filter((n) => n.inviteeRole === 'coach'),
      sees: COACH_SEES,
      neverSees: COACH_NEVER_SEES,
      errors: parts.errors ?? {},
      values: parts.values ?? {},
      created: parts.created,
    })
  }

  app.get('/settings/coach', async (request, reply) => render(request, reply))

  app.post(
    '/settings/coach/invite',
    { schema: { body: InviteBody }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request)
      if (errors) return render(request, reply, { errors, values: formValues(request) }, 400)
      const result = await coach.invitations.inviteCoach(request.access!, request.body.email)
      if (!result.ok)
        return refused(request, reply, result, (fields) =>
          render(request, reply, { errors: fields, values: formValues(request) }, 400),
        )
      // Rendered, not redirected: an unmailed link is shown once and never stored in the session.
      return render(request, reply, { created: result.value, values: { email: request.body.email } })
    },
  )

  app.post(
    '/settings/coach/invitations/:id/revoke',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const result = coach.invitations.revoke(request.access!, request.params.id)
      return settle(request, reply, result, 'Invitation withdrawn: its link no longer works.', HERE)
    },
  )

  app.post(
    '/settings/coach/:id/revoke',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const result = coach.links.revokeCoach(request.access!, request.params.id)
      return settle(
        request,
        reply,
        result,
        'Access revoked: your coach can no longer read your debrief, from their next click on.',
        HERE,
      )
    },
  )
}

export default coachSettingsPages
