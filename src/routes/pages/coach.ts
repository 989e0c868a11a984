import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DRAFT_KIND_LABELS } from '../../domain/drafts.js'
import { ownerAccess } from '../../services/access.js'
import type { CreatedInvitation } from '../../services/coach/invitations.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { settle } from './formSteps.js'
import { ButtonForm, CSRF_FIELD } from './forms.js'

const CandidateBody = Type.Object({
  // A form field is text: a positive whole number.
  candidateId: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
  // Where to land in that debrief: only a note page, so the form cannot send the coach elsewhere.
  next: Type.Optional(Type.String({ pattern: '^/interviews/[1-9][0-9]{0,15}/drafts$' })),
  ...CSRF_FIELD,
})
// The coach's own account, also while they view a candidate's debrief.
const config = { actorOwn: true }

/** The coach's side: the caseload, choosing whose debrief to read, and links for candidates. */
const coachPages: FastifyPluginAsyncTypebox = async (app) => {
  const coach = app.services.coach
  const own = (request: FastifyRequest) => ownerAccess(request.user!.id)

  const render = (request: FastifyRequest, reply: FastifyReply, created?: CreatedInvitation) => {
    const access = own(request)
    return reply.page('coach', {
      title: 'Caseload',
      now: app.clock.now(),
      caseload: coach.caseload(access),
      reviewRequests: coach
        .reviewRequests(access)
        .map((r) => ({ ...r, note: DRAFT_KIND_LABELS[r.kind].toLowerCase() })),
      invitations: coach.invitations.listOpen(access).filter((n) => n.inviteeRole === 'candidate'),
      created,
    })
  }

  app.get('/coach', { config }, async (request, reply) => render(request, reply))

  app.post('/coach/view', { config, schema: { body: CandidateBody } }, async (request, reply) => {
    const result = coach.links.startViewing(own(request), Number(request.body.candidateId))
    if (!result.ok) return sendFailure(request, reply, result)
    request.session.set('viewingCandidateId', result.value.id)
    return reply.redirect(request.body.next ?? '/')
  })

  app.post('/coach/stop', { config, schema: { body: ButtonForm } }, async (request, reply) => {
    request.session.set('viewingCandidateId', undefined)
    return reply.redirect('/coach')
  })

  app.post('/coach/invitations', { config, schema: { body: ButtonForm } }, async (request, reply) => {
    const result = coach.invitations.createCandidateLink(own(request))
    if (!result.ok) return sendFailure(request, reply, result)
    // Rendered, not redirected: the link is shown once and never stored in the session.
    return render(request, reply, result.value)
  })

  app.post(
    '/coach/invitations/:id/revoke',
    { config, schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const result = coach.invitations.revoke(own(request), request.params.id)
      return settle(request, reply, result, 'Invitation withdrawn: its link no longer works.', '/coach')
    },
  )
}

export default coachPages
