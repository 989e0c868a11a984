import type { Db } from './connection.js'
import { mapOne } from './rows.js'

/** 'coach': a candidate invited a coach; 'candidate': a coach handed out a link for candidates. */
export type InviteeRole = 'coach' | 'candidate'

export interface CoachInvitation {
  id: number
  inviterId: number
  inviterName: string
  inviterEmail: string
  inviteeRole: InviteeRole
  email: string | null
  createdAt: number
  expiresAt: number
  usedAt: number | null
  usedBy: number | null
  revokedAt: number | null
}

interface InvitationRow {
  id: number
  inviter_id: number
  inviter_name: string
  inviter_email: string
  invitee_role: InviteeRole
  email: string | null
  created_at: number
  expires_at: number
  used_at: number | null
  used_by: number | null
  revoked_at: number | null
}

const toInvitation = (r: InvitationRow): CoachInvitation => ({
  id: r.id,
  inviterId: r.inviter_id,
  inviterName: r.inviter_name,
  inviterEmail: r.inviter_email,
  inviteeRole: r.invitee_role,
  email: r.email,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedBy: r.used_by,
  revokedAt: r.revoked_at,
})

const SELECT = `SELECT n.id, n.inviter_id, u.name AS inviter_name, u.email AS inviter_email, n.invitee_role,
  n.email, n.created_at, n.expires_at, n.used_at, n.used_by, n.revoked_at
  FROM coach_invitations n JOIN users u ON u.id = n.inviter_id`

/**
 * Single-use invitations, stored by the SHA-256 of their token. `used_by` is set first, by the
 * account created with the link (sign-up while SIGNUP=closed), and `used_at` when the link's
 * recipient accepts: so one link creates at most one account and one link.
 */
export function coachInvitationsRepository(db: Db) {
  const insert = db.prepare(
    `INSERT INTO coach_invitations (token_hash, inviter_id, invitee_role, email, created_at, expires_at)
     VALUES (@tokenHash, @inviterId, @inviteeRole, @email, @now, @expiresAt) RETURNING id`,
  )
  const byHash = db.prepare(`${SELECT} WHERE n.token_hash = ?`)
  const open = db.prepare(
    `${SELECT} WHERE n.inviter_id = ? AND n.used_at IS NULL AND n.revoked_at IS NULL AND n.expires_at > ?
     ORDER BY n.created_at DESC, n.id DESC`,
  )
  const reserve = db.prepare(
    `UPDATE coach_invitations SET used_by = @userId
     WHERE token_hash = @tokenHash AND used_by IS NULL AND used_at IS NULL AND revoked_at IS NULL AND expires_at > @now`,
  )
  const use = db.prepare(
    `UPDATE coach_invitations SET used_at = @now, used_by = @userId
     WHERE id = @id AND (used_by IS NULL OR used_by = @userId) AND used_at IS NULL AND revoked_at IS NULL
       AND expires_at > @now`,
  )
  const revoke = db.prepare(
    `UPDATE coach_invitations SET revoked_at = ?
     WHERE id = ? AND inviter_id = ? AND used_at IS NULL AND revoked_at IS NULL`,
  )

  return {
    create: (invitation: {
      tokenHash: string
      inviterId: number
      inviteeRole: InviteeRole
      email: string | null
      now: number
      expiresAt: number
    }) => insert.pluck().get(invitation) as number,
    findByHash: (tokenHash: string) => {
      return mapOne(byHash.get(tokenHash), toInvitation)
    },
    /** The inviter's invitations that can still be accepted. */
    listOpen: (inviterId: number, now: number) =>
      (open.all(inviterId, now) as InvitationRow[]).map(toInvitation),
    /** Ties a still-open link to the account just created with it; false when it is no longer open. */
    reserve: (tokenHash: string, userId: number, now: number) =>
      reserve.run({ tokenHash, userId, now }).changes === 1,
    /** Marks the link used by `userId`; false when it was used, revoked or expired meanwhile. */
    use: (id: number, userId: number, now: number) => use.run({ id, userId, now }).changes === 1,
    revoke: (inviterId: number, id: number, now: number) => revoke.run(now, id, inviterId).changes === 1,
  }
}

export type CoachInvitationsRepository = ReturnType<typeof coachInvitationsRepository>
