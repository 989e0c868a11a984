import argon2 from 'argon2'

// OWASP Password Storage Cheat Sheet, Argon2id: 46 MiB memory, 1 iteration, 1 lane (rated equal
// to its 19 MiB × 2 option). Above 32 MiB glibc always maps the working memory and returns it on
// free; a 19 MiB buffer instead raised malloc's trim threshold for good, so after the first login
// every thread's arena kept up to 38 MiB it had freed (+20–40 MB RSS). The encoded hash carries
// its parameters, so hashes made with the old ones still verify (and still raise the threshold
// until their user sets a new password).
const OPTIONS = { type: argon2.argon2id, memoryCost: 47104, timeCost: 1, parallelism: 1 } as const

export const PASSWORD_MIN_LENGTH = 10
export const PASSWORD_MAX_LENGTH = 200

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, OPTIONS)
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password)
  } catch {
    return false
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which emails are registered. */
let dummyHash: Promise<string> | undefined
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password-0000')
  return dummyHash
}
