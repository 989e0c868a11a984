import { randomUUID } from 'node:crypto'

/**
 * A new key for one message, and so its Message-ID: 122 random bits, unique across deletions,
 * restores and installations sharing a mail host. From randomUUID, which draws on a buffered
 * pool: creating an interview makes three of these, and a fresh draw of random bytes for each
 * cost more than the rest of its reminder plan.
 */
export const newMessageKey = (): string => randomUUID().replaceAll('-', '')
