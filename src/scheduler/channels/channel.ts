/** What a reminder says on any channel: channel-neutral, nothing more sensitive than the e-mail. */
export interface NotificationContent {
  title: string
  /** The time left and the company and role. */
  body: string
  /** The interview page. */
  url: string
  /** Same tag for the same reminder, so a repeated delivery replaces rather than adds a notification. */
  tag: string
}

/** One delivery row the dispatcher has claimed (see db/reminderDeliveries.ts). */
export interface ClaimedDelivery {
  id: number
  reminderId: number
  userId: number
  channel: string
  target: string
  dueAt: number
  attempts: number
  leaseUntil: number
  messageKey: string
}

export type DeliveryOutcome =
  | { kind: 'sent' }
  /** Worth trying again later (backoff). */
  | { kind: 'temporary'; error: string }
  /** Retrying cannot help. */
  | { kind: 'permanent'; error: string }
  /** The destination is gone (removed by the user): nothing to send to, nothing failed. */
  | { kind: 'cancelled'; error: string }

/** A way to reach the user. Adding one means implementing this and registering it; claims are not touched. */
export interface Channel {
  readonly name: string
  deliver(
    delivery: ClaimedDelivery,
    content: NotificationContent,
    signal: AbortSignal,
  ): Promise<DeliveryOutcome>
}
