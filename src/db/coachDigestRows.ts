// The shapes of the coach's mail and digest settings, and its rows' mapper, apart from the statements that read them.

export type CoachMailKind = 'digest' | 'review'
export type CoachMailState = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled'

export interface CoachDigestSettings {
  enabled: boolean
  /** Minutes after local midnight in the coach's zone. */
  minute: number
}

/** On, at 08:00: a coach with candidates hears every morning what needs them (and nothing on a quiet day). */
export const DEFAULT_COACH_DIGEST: CoachDigestSettings = { enabled: true, minute: 8 * 60 }

/** A coach mail row the dispatcher has claimed: it may send it until leaseUntil, fenced by `attempts`. */
export interface ClaimedCoachMail {
  id: number
  coachId: number
  /** The coach again: whose channels it goes to. */
  userId: number
  kind: CoachMailKind
  localDate: string | null
  requestId: number | null
  dueAt: number
  attempts: number
  leaseUntil: number
  messageKey: string
}

export interface CoachMailView {
  id: number
  kind: CoachMailKind
  localDate: string | null
  dueAt: number
  state: CoachMailState
  itemCount: number | null
  lastError: string | null
  sentAt: number | null
}

export interface MailRow {
  id: number
  coach_id: number
  kind: CoachMailKind
  local_date: string | null
  request_id: number | null
  due_at: number
  state: CoachMailState
  attempts: number
  lease_until: number | null
  message_key: string
  item_count: number | null
  last_error: string | null
  sent_at: number | null
}

export const toCoachMailView = (row: MailRow): CoachMailView => ({
  id: row.id,
  kind: row.kind,
  localDate: row.local_date,
  dueAt: row.due_at,
  state: row.state,
  itemCount: row.item_count,
  lastError: row.last_error,
  sentAt: row.sent_at,
})

/** One follow-up of a linked candidate that the digest names. */
export interface DigestDeadline {
  candidateId: number
  candidateName: string
  interviewId: number
  company: string
  role: string
  deadline: number
}

export interface DigestRequest {
  candidateId: number
  candidateName: string
  interviewId: number
  company: string
  role: string
  interviewerName: string
  kind: 'thank_you' | 'answers' | 'combined'
  requestedAt: number
}
