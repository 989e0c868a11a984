import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../auth/password.js'
import type { UsersRepository } from '../../db/users.js'
import { isValidTimeZone } from '../../domain/timeZones.js'
import type { FieldErrors } from '../../validation.js'

export interface AccountInput {
  name: string
  email: string
  password: string
  timeZone: string
}

export type Profile = Pick<AccountInput, 'name' | 'email' | 'timeZone'>

/** Checks that schemas cannot express (zone list, uniqueness); the same rules for the sign-up page, settings, the API and the CLI. */
export function accountProblems(
  users: Pick<UsersRepository, 'findByEmail'>,
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
      const existing = users.findByEmail(input.email)
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

export const hasProblems = (errors: FieldErrors) => Object.keys(errors).length > 0
