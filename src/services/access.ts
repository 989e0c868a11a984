/**
 * Who is acting, whose data it is, and what the actor may do with it. Resolved once per request
 * (the page tree from the session, the API tree from the bearer token) and passed to every
 * service call instead of a bare user id. Repositories still scope every query by `ownerId`.
 */
export type AccessRole = 'owner' | 'coach'

export interface AccessContext {
  /** The account making the request. */
  readonly actorId: number
  /** The account whose data is read or changed. */
  readonly ownerId: number
  readonly role: AccessRole
  /** Changing the owner's data: only the owner. */
  readonly mayWrite: boolean
  /** Commenting on drafts and answers, and marking a draft "looks good": a linked coach. */
  readonly mayComment: boolean
}

/** The owner acting on their own data may do everything. */
export const ownerAccess = (userId: number): AccessContext =>
  Object.freeze({ actorId: userId, ownerId: userId, role: 'owner', mayWrite: true, mayComment: false })

/**
 * A coach the candidate linked: reads the candidate's interviews, questions, research and
 * drafts, and writes only comments and approvals. Callers check the link first.
 */
export const coachAccess = (coachId: number, candidateId: number): AccessContext =>
  Object.freeze({ actorId: coachId, ownerId: candidateId, role: 'coach', mayWrite: false, mayComment: true })

export const READ_ONLY_MESSAGE =
  "You are viewing someone else's debrief read-only: only its owner can change it. Comment on a draft or an answer instead."
