import { createHash, randomBytes } from 'node:crypto'

const TOKEN_PREFIX = 'dbf_'

/** A random secret with a recognisable prefix (so secret scanners and people can tell what it is). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** Tokens are high-entropy, so a fast hash is enough; only the hash is stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
