import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { type TSchema, Type } from 'typebox'
import type { CoachInvitation } from '../../db/coachInvitations.js'
import type { LinkedPerson } from '../../db/coachLinks.js'
import { type AccessContext, ownerAccess } from '../../services/access.js'
import type { CaseloadEntry as CaseloadRow } from '../../services/coach/caseload.js'
import type { ServiceResult } from '../../services/result.js'
import { sendFailure } from '../serviceFailure.js'
import { answer, answerRemoved } from './answer.js'
import { answers, IdParams, Instant, iso, isoOrNull, NullableInstant, RefusalErrors } from './schemas.js'

const tags = ['coach']
// About the token owner's own account, whatever Debrief-Candidate says.
const config = { actorOwn: true }

const Person = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  linkedAt: Instant,
})
const CaseloadEntry = Type.Object({
  candidate: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    email: Type.String(),
    timeZone: Type.String(),
  }),
  linkedAt: Instant,
  deadlines: Type.Array(
    Type.Object({
      interviewId: Type.Integer(),
      company: Type.String(),
      role: Type.String(),
      deadline: Instant,
    }),
  ),
  overdue: Type.Integer({ description: 'Open follow-ups past their 24-hour deadline' }),
  onTimeRate: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Share of follow-ups done on time (last 30 days, overdue ones count as late); null when none count',
  }),
  lastActivityAt: NullableInstant,
})
const CoachView = Type.Object({
  coachId: Type.Integer(),
  coachName: Type.String(),
  what: Type.String(),
  lastViewedAt: Instant,
  views: Type.Integer(),
})
const Invitation = Type.Object({
  id: Type.Integer(),
  role: Type.Union([Type.Literal('coach'), Type.Literal('candidate')], {
    description:
      '"coach": the recipient becomes your coach; "candidate": the recipient becomes your candidate',
  }),
  email: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  expiresAt: Instant,
})
const CreatedInvitation = Type.Object({
  id: Type.Integer(),
  url: Type.String({ description: 'The single-use link; shown only now' }),
  expiresAt: Instant,
  mailed: Type.Boolean({ description: 'Whether the link was e-mailed (SMTP configured)' }),
})
const InvitationBody = Type.Union([
  Type.Object(
    { role: Type.Literal('coach'), email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }) },
    { additionalProperties: false },
  ),
  Type.Object({ role: Type.Literal('candidate') }, { additionalProperties: false }),
])
const AcceptBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
)
const Accepted = Type.Object({ candidateId: Type.Integer(), coachId: Type.Integer() })

const personJson = (p: LinkedPerson) => ({
  id: p.userId,
  name: p.name,
  email: p.email,
  linkedAt: iso(p.linkedAt),
})
const caseloadJson = (e: CaseloadRow) => ({
  candidate: { id: e.candidateId, name: e.name, email: e.email, timeZone: e.timeZone },
  linkedAt: iso(e.linkedAt),
  deadlines: e.deadlines.map((d) => ({ ...d, deadline: iso(d.deadline) })),
  overdue: e.overdue,
  onTimeRate: e.onTimeRate,
  lastActivityAt: isoOrNull(e.lastActivityAt),
})
const invitationJson = (n: CoachInvitation) => ({
  id: n.id,
  role: n.inviteeRole,
  email: n.email,
  createdAt: iso(n.createdAt),
  expiresAt: iso(n.expiresAt),
})

/** Coach mode through the API, always about the token owner's own account. */
const coachApi: FastifyPluginAsyncTypebox = async (app) => {
  const coach = app.services.coach
  const own = (request: { user: { id: number } | null }) => ownerAccess(request.user!.id)

  // Every route here has a summary, and can also be refused or conflict with a link (coach mode's failures).
  const options = <C extends number, S extends TSchema, E extends object = Record<never, never>>(
    summary: string,
    status: C,
    response: S,
    schema = {} as E,
  ) => ({ config, schema: { tags, summary, ...schema, response: answers(status, response, RefusalErrors) } })
  /** GET of a list of the caller's own, each item as `json`. */
  const ownList = <T>(
    path: string,
    summary: string,
    item: TSchema,
    list: (access: AccessContext) => T[],
    json: (item: T) => unknown,
  ) => app.get(path, options(summary, 200, Type.Array(item)), async (request) => list(own(request)).map(json))
  /** DELETE of one of the caller's own that the `:id` names: 204 once gone. */
  const ownRemoval = (
    path: string,
    summary: string,
    remove: (access: AccessContext, id: number) => ServiceResult<unknown>,
  ) =>
    app.delete(path, options(summary, 204, Type.Null(), { params: IdParams }), async (request, reply) =>
      answerRemoved(reply, remove(own(request), request.params.id)),
    )

  ownList(
    '/coach/caseload',
    'Your candidates, most urgent first (as their coach)',
    CaseloadEntry,
    coach.caseload,
    caseloadJson,
  )
  ownList('/coach/coaches', 'Coaches who can read your debrief', Person, coach.links.coaches, personJson)
  ownRemoval(
    '/coach/coaches/:id',
    'Revoke a coach’s access (from their next request)',
    coach.links.revokeCoach,
  )
  ownList('/coach/views', 'What your coaches looked at', CoachView, coach.links.views, (v) => ({
    ...v,
    lastViewedAt: iso(v.lastViewedAt),
  }))
  ownList(
    '/coach/invitations',
    'Your invitations that can still be accepted',
    Invitation,
    coach.invitations.listOpen,
    invitationJson,
  )

  app.post(
    '/coach/invitations',
    options(
      'Invite a coach by e-mail ("coach"), or create a link for a candidate ("candidate")',
      201,
      CreatedInvitation,
      { body: InvitationBody },
    ),
    async (request, reply) => {
      const body = request.body
      const result =
        body.role === 'coach'
          ? await coach.invitations.inviteCoach(own(request), body.email)
          : coach.invitations.createCandidateLink(own(request))
      if (!result.ok) return sendFailure(request, reply, result)
      const { id, url, expiresAt, mailed } = result.value
      return reply.code(201).send({ id, url, expiresAt: iso(expiresAt), mailed })
    },
  )

  ownRemoval('/coach/invitations/:id', 'Withdraw an invitation not yet accepted', coach.invitations.revoke)

  app.post(
    '/coach/invitations/accept',
    options(
      'Accept an invitation: as its candidate, this is your consent to the coach reading your debrief',
      200,
      Accepted,
      { body: AcceptBody },
    ),
    async (request, reply) =>
      answer(
        reply,
        coach.invitations.accept(own(request), request.body.token),
        ({ candidateId, coachId }) => ({
          candidateId,
          coachId,
        }),
      ),
  )
}

export default coachApi
