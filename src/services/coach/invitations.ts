import { randomBytes } from 'node:crypto'
import { hashToken } from '../../auth/tokens.js'
import type { CoachInvitation, InviteeRole } from '../../db/coachInvitations.js'
import { isSingleAddress } from '../../mail/index.js'
import { type AccessContext, READ_ONLY_MESSAGE } from '../access.js'
import { conflict, forbidden, invalid, notFound, ok, type ServiceResult } from '../result.js'
import type { CoachDeps } from './deps.js'

export const INVITATION_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000
const TOKEN_PREFIX = 'dbi_'

export const INVITATION_MESSAGES = {
  notFound: 'This invitation link is not valid. Check that you copied all of it, or ask for a new one.',
  used: 'This invitation has already been used. Ask for a new one.',
  expired: 'This invitation has expired (links last 7 days). Ask for a new one.',
  revoked: 'This invitation was withdrawn by the person who sent it. Ask for a new one.',
  reserved: 'This invitation belongs to the account that was created with it. Ask for a new one.',
  self: 'This is your own invitation: send the link to the other person.',
}

/** Where an invitation link leads: its consent page. */
export const invitationPath = (token: string) => `/coach/invite/${token}`

/** A link with an unguessable token that no one can confuse with an API token. */
const newToken = () => TOKEN_PREFIX + randomBytes(32).toString('base64url')

/** The link an accepted invitation made, and who sent the invitation (the other party). */
export interface AcceptedInvitation {
  candidateId: number
  coachId: number
  inviterName: string
}

export interface CreatedInvitation {
  id: number
  url: string
  expiresAt: number
  /** True when the link went out by e-mail (SMTP configured); otherwise it is shown to copy. */
  mailed: boolean
  /** Why e-mailing failed, when it did: the link is shown to copy instead. */
  mailError?: string
}

/** Whether an invitation can still be accepted, and why not. */
function problem(invitation: CoachInvitation, now: number): string | undefined {
  if (invitation.revokedAt !== null) return INVITATION_MESSAGES.revoked
  if (invitation.usedAt !== null) return INVITATION_MESSAGES.used
  if (invitation.expiresAt <= now) return INVITATION_MESSAGES.expired
  return undefined
}

export function coachInvitations(deps: CoachDeps) {
  const { db, repos, clock, config, mailer } = deps
  const base = config.baseUrl.replace(/\/+$/, '')

  const create = (access: AccessContext, inviteeRole: InviteeRole, email: string | null) => {
    const token = newToken()
    const now = clock.now()
    const expiresAt = now + INVITATION_LIFETIME_MS
    const id = repos.coachInvitations.create({
      tokenHash: hashToken(token),
      inviterId: access.actorId,
      inviteeRole,
      email,
      now,
      expiresAt,
    })
    return { id, token, url: `${base}${invitationPath(token)}`, expiresAt }
  }

  /** Finds an invitation by its token, for the consent page and sign-up. */
  const find = (token: string): ServiceResult<CoachInvitation> => {
    const invitation = repos.coachInvitations.findByHash(hashToken(token))
    if (!invitation) return notFound(INVITATION_MESSAGES.notFound)
    const why = problem(invitation, clock.now())
    return why ? conflict(why) : ok(invitation)
  }

  return {
    /** The candidate invites a coach by e-mail address. */
    async inviteCoach(access: AccessContext, email: string): Promise<ServiceResult<CreatedInvitation>> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const address = email.trim()
      if (!isSingleAddress(address))
        return invalid({ email: 'must be one e-mail address such as coach@example.com' })
      const candidate = repos.users.findById(access.ownerId)
      if (!candidate) return notFound('Your account no longer exists.')
      if (address.toLowerCase() === candidate.email.toLowerCase())
        return invalid({ email: 'is your own address: enter your coach’s address' })
      const created = create(access, 'coach', address)
      const result: CreatedInvitation = {
        id: created.id,
        url: created.url,
        expiresAt: created.expiresAt,
        mailed: false,
      }
      // Without SMTP the message would land in the candidate's own Mailbox, which helps nobody:
      // the page shows the link to pass on instead.
      if (mailer.kind !== 'local') {
        try {
          await mailer.send({
            userId: candidate.id,
            to: { address },
            replyTo: { name: candidate.name, address: candidate.email },
            fromName: `${candidate.name} via Debrief`,
            subject: `${candidate.name} invites you to coach their interview follow-ups`,
            text:
              `${candidate.name} (${candidate.email}) would like you to be their coach on Debrief: to read their ` +
              'interviews, questions with research and follow-up drafts, read-only, and comment on them.\n\n' +
              `Accept the invitation (the link works once, for 7 days):\n${created.url}\n\n` +
              'If you did not expect this, ignore this message: nothing happens until you accept.\n',
          })
          result.mailed = true
        } catch (error) {
          result.mailError = (error as Error).message
        }
      }
      return ok(result)
    },

    /** A coach hands out a link that candidates accept (a cohort): one link, one candidate. */
    createCandidateLink(access: AccessContext): ServiceResult<CreatedInvitation> {
      if (access.role !== 'owner') return forbidden(READ_ONLY_MESSAGE)
      const created = create(access, 'candidate', null)
      return ok({ id: created.id, url: created.url, expiresAt: created.expiresAt, mailed: false })
    },

    /** The actor's invitations that can still be accepted. */
    listOpen: (access: AccessContext) => repos.coachInvitations.listOpen(access.actorId, clock.now()),

    revoke(access: AccessContext, id: number): ServiceResult<true> {
      if (access.role !== 'owner') return forbidden(READ_ONLY_MESSAGE)
      return repos.coachInvitations.revoke(access.actorId, id, clock.now())
        ? ok(true)
        : notFound('You have no open invitation with that id: it was used, withdrawn or never existed.')
    },

    find,

    /** For sign-up while SIGNUP=closed: a link that can still create its one account. */
    opensSignUp(token: string): boolean {
      const found = find(token)
      return found.ok && found.value.usedBy === null
    },

    /** Ties the link to the account created with it; run inside the sign-up transaction. */
    reserve(token: string, userId: number): boolean {
      return repos.coachInvitations.reserve(hashToken(token), userId, clock.now())
    },

    /**
     * The logged-in account accepts: the consent ("Allow") for a candidate, or taking up a
     * candidate's invitation for a coach. One transaction: the link is used once, by one account.
     */
    accept(access: AccessContext, token: string): ServiceResult<AcceptedInvitation> {
      if (access.role !== 'owner') return forbidden(READ_ONLY_MESSAGE)
      return db
        .transaction((): ServiceResult<AcceptedInvitation> => {
          const found = find(token)
          if (!found.ok) return found
          const invitation = found.value
          if (invitation.inviterId === access.actorId) return conflict(INVITATION_MESSAGES.self)
          if (invitation.usedBy !== null && invitation.usedBy !== access.actorId)
            return conflict(INVITATION_MESSAGES.reserved)
          const now = clock.now()
          if (!repos.coachInvitations.use(invitation.id, access.actorId, now))
            return conflict(INVITATION_MESSAGES.used)
          const pair =
            invitation.inviteeRole === 'coach'
              ? { candidateId: invitation.inviterId, coachId: access.actorId }
              : { candidateId: access.actorId, coachId: invitation.inviterId }
          repos.coachLinks.create(pair.candidateId, pair.coachId, now)
          return ok({ ...pair, inviterName: invitation.inviterName })
        })
        .immediate()
    },
  }
}
