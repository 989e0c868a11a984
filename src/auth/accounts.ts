import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import type { User } from '../db/users.js'
import { isValidTimeZone } from '../domain/timeZones.js'
import type { FieldErrors } from '../validation.js'
import { hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password.js'

export interface AccountInput {
  name: string
  email: string
  password: string
  timeZone: string
}

/** Checks that schemas cannot express (zone list, uniqueness); the same rules for the sign-up page, settings and the CLI. */
export function accountProblems(
  repos: Repositories,
  input: Partial<AccountInput>,
  exceptUserId?: number,
): FieldErrors {
  const errors: FieldErrors = {}
  if (input.name !== undefined && (input.name.trim() === '' || input.name.length > 100)) {
    errors.name = 'must be 1 to 100 characters'
  }
  if (input.email !== undefined) {
    if (
      !/^[^\s@<>(),;:"\\]+@[^\s@<>(),;:"\\]+\.[^\s@<>(),;:"\\]+$/.test(input.email) ||
      input.email.length > 254
    ) {
      errors.email = 'must be a valid email address'
    } else {
      const existing = repos.users.findByEmail(input.email)
      if (existing && existing.id !== exceptUserId) errors.email = 'is already used by another account'
    }
  }
  if (
    input.password !== undefined &&
    (input.password.length < PASSWORD_MIN_LENGTH || input.password.length > PASSWORD_MAX_LENGTH)
  ) {
    errors.password = `must be ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`
  }
  if (input.timeZone !== undefined && !isValidTimeZone(input.timeZone)) {
    errors.timeZone = 'must be an IANA time zone such as Europe/Berlin'
  }
  return errors
}

export async function createAccount(
  repos: Repositories,
  input: AccountInput,
  now: number,
  options: { isAdmin?: boolean } = {},
): Promise<User> {
  const passwordHash = await hashPassword(input.password)
  return repos.users.create(
    {
      email: input.email,
      name: input.name.trim(),
      passwordHash,
      timeZone: input.timeZone,
      isAdmin: options.isAdmin,
    },
    now,
  )
}

export type SignUpOutcome = { user: User } | { closed: true } | { errors: FieldErrors }

/**
 * Creates an account if sign-up is still `allowed()` when the row is written. Hashing is slow
 * and asynchronous, so it comes first; the check and the insert then run in one immediate
 * transaction, so concurrent sign-ups cannot all pass a check only the first may pass (the
 * very first account while SIGNUP=closed, or an email address not yet taken).
 */
export async function signUp(
  db: Db,
  repos: Repositories,
  input: AccountInput,
  now: number,
  allowed: () => boolean,
): Promise<SignUpOutcome> {
  const passwordHash = await hashPassword(input.password)
  return db
    .transaction((): SignUpOutcome => {
      if (!allowed()) return { closed: true }
      const errors = accountProblems(repos, input)
      if (Object.keys(errors).length > 0) return { errors }
      const user = repos.users.create(
        { email: input.email, name: input.name.trim(), passwordHash, timeZone: input.timeZone },
        now,
      )
      return { user }
    })
    .immediate()
}

/** Saves name, email and zone; a new zone re-plans reminders, whose quiet hours are wall-clock times in it. */
export function saveProfile(
  db: Db,
  repos: Repositories,
  userId: number,
  profile: { name: string; email: string; timeZone: string },
  now: number,
): void {
  db.transaction(() => {
    const before = repos.users.findById(userId)
    repos.users.updateProfile(userId, profile, now)
    if (before && before.timeZone !== profile.timeZone) {
      repos.reminders.syncForUser(userId, now)
      repos.studyNudges.replan(userId, now)
      repos.coachDigests.replan(userId, now)
    }
  })()
}
