import { createHash } from 'node:crypto'
import type { DraftKind, DraftState, Tone } from '../domain/drafts.js'

export interface Draft {
  id: number
  interviewId: number
  interviewerId: number
  kind: DraftKind
  tone: Tone
  subject: string
  body: string
  edited: boolean
  renderedHash: string
  state: DraftState
  sentAt: number | null
  sentVia: 'debrief' | 'manual' | null
  messageKey: string
  messageId: string | null
  attempts: number
  leaseUntil: number | null
  lastAttemptAt: number | null
  lastError: string | null
  lastErrorKind: 'temporary' | 'permanent' | null
  createdAt: number
  updatedAt: number
}

export interface DraftRow {
  id: number
  interview_id: number
  interviewer_id: number
  kind: DraftKind
  tone: Tone
  subject: string
  body: string
  edited: number
  rendered_hash: string
  state: DraftState
  sent_at: number | null
  sent_via: 'debrief' | 'manual' | null
  message_key: string
  message_id: string | null
  attempts: number
  lease_until: number | null
  last_attempt_at: number | null
  last_error: string | null
  last_error_kind: 'temporary' | 'permanent' | null
  created_at: number
  updated_at: number
}

export const DRAFT_COLUMNS = `id, interview_id, interviewer_id, kind, tone, subject, body, edited, rendered_hash, state, sent_at,
  sent_via, message_key, message_id, attempts, lease_until, last_attempt_at, last_error, last_error_kind,
  created_at, updated_at`

/** A note's text and how it came to be, as the drafts and the export read it alike. */
export const toDraftText = (row: DraftRow) => ({
  kind: row.kind,
  tone: row.tone,
  subject: row.subject,
  body: row.body,
  edited: row.edited === 1,
  renderedHash: row.rendered_hash,
})

export const toDraft = (row: DraftRow): Draft => ({
  id: row.id,
  interviewId: row.interview_id,
  interviewerId: row.interviewer_id,
  ...toDraftText(row),
  state: row.state,
  sentAt: row.sent_at,
  sentVia: row.sent_via,
  messageKey: row.message_key,
  messageId: row.message_id,
  attempts: row.attempts,
  leaseUntil: row.lease_until,
  lastAttemptAt: row.last_attempt_at,
  lastError: row.last_error,
  lastErrorKind: row.last_error_kind,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
})

export interface RenderedText {
  subject: string
  body: string
}

export type Renderer = (interviewerId: number, kind: DraftKind, tone: Tone) => RenderedText

export const renderedHash = (text: RenderedText) =>
  createHash('sha256').update(`${text.subject}\n${text.body}`).digest('hex').slice(0, 32)
