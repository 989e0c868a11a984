import type { ClaimedDelivery } from '../../db/reminderDeliveries.js'

export type { ClaimedDelivery }

/** What a reminder says on any channel: channel-neutral, nothing more sensitive than the e-mail. */
export interface NotificationContent {
  title: string
  /** The time left and the company and role (or how many cards are due). */
  body: string
  /** The interview page (or the study page). */
  url: string
  /** Same tag for the same reminder, so a repeated delivery replaces rather than adds a notification. */
  tag: string
}

/** The e-mail of a delivery: composed only when the channel is e-mail. */
export interface EmailContent {
  to: { name: string; address: string }
  subject: string
  text: string
  html: string
  /** Built from the reminder's (or study reminder's) own random key, so a retry is recognisably the same. */
  messageId: string
  /** What the message is, independent of the time left, so the Mailbox tells a retry from a clash. */
  identity: string
}

export type DeliveryEvent = 'reminder' | 'study' | 'coach'

/** Everything a channel may say about one delivery. */
export interface DeliveryContent extends NotificationContent {
  /** 'reminder' for an interview's reminder, 'study' for the daily study reminder, 'coach' for a coach's digest or review request. */
  event: DeliveryEvent
  /** The reminder's, study reminder's or coach mail's id. */
  subjectId: number
  /** research | deadline | overdue | study | digest | review */
  kind: string
  email(): EmailContent
}

export type DeliveryOutcome =
  | { kind: 'sent'; messageId?: string }
  /** Worth trying again later (backoff). */
  | { kind: 'temporary'; error: string }
  /** Retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** The destination is gone (removed by the user): nothing to send to, nothing failed. */
  | { kind: 'cancelled'; error: string }

/** A way to reach the user. Adding one means implementing this and registering it; claims are not touched. */
export interface Channel {
  readonly name: string
  deliver(delivery: ClaimedDelivery, content: DeliveryContent, signal: AbortSignal): Promise<DeliveryOutcome>
}

/** Why a delivery is no longer wanted, decided when it is claimed. */
export interface NotWanted {
  final: 'cancelled' | 'skipped'
  reason: string | null
}
