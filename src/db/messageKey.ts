import { randomUUID } from 'node:crypto'

/**
 * A new key for one message, and so its Message-ID: 32 hex digits, the millisecond it was made
 * (12 digits) then 80 bits of a random UUID (74 of them random), unique across deletions,
 * restores and installations sharing a mail host. Time first, as in a version 7 UUID: the
 * three reminders of a new interview go into the same page of the keys' unique index, where
 * random keys dirtied a page each, in every create. randomUUID draws on a buffered pool, where
 * a fresh draw of random bytes per key cost more than the rest of a reminder plan.
 */
export function newMessageKey(now = Date.now()): string {
  return now.toString(16).padStart(12, '0') + randomUUID().replaceAll('-', '').slice(12)
}
