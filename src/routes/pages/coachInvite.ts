import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sendError } from '../../plugins/errors.js'
import { ownerAccess } from '../../services/access.js'
import { INVITATION_MESSAGES } from '../../services/coach/invitations.js'
import { sendFailure } from '../serviceFailure.js'
import { COACH_NEVER_SEES, COACH_SEES } from './coachConsent.js'
import { flashTo } from './formSteps.js'
import { CSRF_FIELD } from './forms.js'

const TokenParams = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) })
const AllowBody = Type.Object({
  allow: Type.Literal('yes'),
  ...CSRF_FIELD,
})
const config = { actorOwn: true }

/**
 * An invitation link: the page says in plain words what the coach will and will never see,
 * and nothing happens until the recipient presses the button (a POST).
 */
const coachInvitePages: FastifyPluginAsyncTypebox = async (app) => {
  const invitations = app.services.coach.invitations

  app.get('/coach/invite/:token', { config, schema: { params: TokenParams } }, async (request, reply) => {
    const found = invitations.find(request.params.token)
    if (!found.ok) return sendFailure(request, reply, found)
    const invitation = found.value
    // A link that created an account belongs to that account alone.
    if (invitation.usedBy !== null && invitation.usedBy !== request.user!.id)
      return sendError(request, reply, 409, INVITATION_MESSAGES.reserved)
    return reply.page('coach-invite', {
      title: invitation.inviteeRole === 'candidate' ? 'Share your debrief with a coach?' : 'Coach invitation',
      invitation,
      self: invitation.inviterId === request.user!.id,
      token: request.params.token,
      sees: COACH_SEES,
      neverSees: COACH_NEVER_SEES,
    })
  })

  app.post(
    '/coach/invite/:token',
    { config, schema: { params: TokenParams, body: AllowBody } },
    async (request, reply) => {
      const result = invitations.accept(ownerAccess(request.user!.id), request.params.token)
      if (!result.ok) return sendFailure(request, reply, result)
      const { coachId, inviterName } = result.value
      const iAmCoach = coachId === request.user!.id
      return flashTo(
        request,
        reply,
        iAmCoach ? '/coach' : '/settings/coach',
        iAmCoach
          ? `You are now ${inviterName}’s coach. Choose “View” to read their debrief.`
          : `${inviterName} can now read your debrief. You can revoke this any time here.`,
      )
    },
  )
}

export default coachInvitePages
