import { dummyPasswordHash, hashPassword, verifyPassword } from '../../auth/password.js'
import type { User } from '../../db/users.js'
import { type AccessContext, READ_ONLY_MESSAGE } from '../access.js'
import type { ServiceDeps } from '../deps.js'
import { forbidden, invalid, notFound, ok, type ServiceResult } from '../result.js'
import { newAccount } from './newAccount.js'
import { type AccountInput, accountProblems, hasProblems, type Profile } from './rules.js'
import { tokenActions } from './tokens.js'

export type { AccountInput, Profile } from './rules.js'

export const SIGNUP_CLOSED = 'Sign-up is closed on this server: ask its administrator for an account.'
const NO_ACCOUNT = 'There is no such account.'
const WRONG_LOGIN = 'The email or password is not correct.'
/** How long a "yes, accounts exist" is trusted before the database is asked again. */
const ACCOUNTS_EXIST_TRUST_MS = 1000

/**
 * Accounts and their API tokens, the same for the pages, the API and the CLI: sign-up (the
 * first account is the administrator), login, the profile, the password and the tokens.
 */
export function accountsService(deps: Pick<ServiceDeps, 'db' | 'repos' | 'clock'>) {
  const { db, repos, clock } = deps
  const createAccount = newAccount(db, repos)
  // The login page asks on every view whether anyone can log in yet. Once someone can, that
  // stays true unless the administrator's CLI deletes the last account (another process), so
  // a yes is kept for a second (monotonic time) instead of reading the database for each visitor.
  let accountsSeenAt = Number.NEGATIVE_INFINITY
  const anyAccount = (): boolean => {
    const now = performance.now()
    if (now - accountsSeenAt < ACCOUNTS_EXIST_TRUST_MS) return true
    const any = repos.users.any()
    if (any) accountsSeenAt = now
    return any
  }

  /** A new password ends every session of the account, in the same transaction. */
  const setPassword = db.transaction((userId: number, hash: string, now: number) => {
    repos.users.updatePassword(userId, hash, now)
    repos.sessions.destroyForUser(userId)
  })

  /** A new zone re-plans reminders (their quiet hours are wall-clock times in it) and study nudges. */
  const writeProfile = db.transaction((userId: number, profile: Profile, now: number) => {
    const before = repos.users.findById(userId)
    repos.users.updateProfile(userId, profile, now)
    if (before && before.timeZone !== profile.timeZone) {
      repos.reminders.syncForUser(userId, now)
      repos.studyNudges.replan(userId, now)
      repos.coachDigests.replan(userId, now)
    }
  })

  return {
    /** The rules the forms cannot express; `exceptUserId` is the account being edited. */
    problems: (input: Partial<AccountInput>, exceptUserId?: number) =>
      accountProblems(repos.users, input, exceptUserId),

    /** The account an e-mail address names (for the administrator's commands). */
    byEmail: (email: string): User | undefined => repos.users.findByEmail(email),

    anyAccount,

    /**
     * Creates an account if sign-up is still `allowed()` when the row is written. Hashing is slow
     * and asynchronous, so it comes first; the check and the insert then run in one immediate
     * transaction, so concurrent sign-ups cannot all pass a check only the first may pass (the
     * very first account while SIGNUP=closed, or an email address not yet taken).
     */
    async signUp(
      input: AccountInput,
      allowed: () => boolean,
      /** Runs inside the same transaction once the account exists (an invitation tied to it). */
      onCreated?: (user: User) => void,
    ): Promise<ServiceResult<User>> {
      const passwordHash = await hashPassword(input.password)
      return db
        .transaction((): ServiceResult<User> => {
          if (!allowed()) return forbidden(SIGNUP_CLOSED)
          const errors = accountProblems(repos.users, input)
          if (hasProblems(errors)) return invalid(errors)
          const { email, timeZone } = input
          const user = createAccount({ email, name: input.name.trim(), passwordHash, timeZone }, clock.now())
          onCreated?.(user)
          return ok(user)
        })
        .immediate()
    },

    /** An account made by the administrator (the CLI), with the same rules as sign-up. */
    async create(input: AccountInput, options: { isAdmin?: boolean } = {}): Promise<ServiceResult<User>> {
      const errors = accountProblems(repos.users, input)
      if (hasProblems(errors)) return invalid(errors)
      const passwordHash = await hashPassword(input.password)
      const { email, timeZone } = input
      return ok(
        createAccount(
          { email, name: input.name.trim(), passwordHash, timeZone, isAdmin: options.isAdmin },
          clock.now(),
        ),
      )
    },

    /** The account's id when the password is right; an unknown e-mail takes as long as a known one. */
    async logIn(email: string, password: string): Promise<ServiceResult<number>> {
      const credentials = repos.users.credentials(email)
      const right = await verifyPassword(credentials?.password_hash ?? (await dummyPasswordHash()), password)
      return credentials && right ? ok(credentials.id) : invalid({ form: WRONG_LOGIN }, WRONG_LOGIN)
    },

    profile(access: AccessContext): ServiceResult<User> {
      const user = repos.users.findById(access.ownerId)
      return user ? ok(user) : notFound(NO_ACCOUNT)
    },

    /** Changes name, e-mail or zone; what is not given stays. */
    updateProfile(access: AccessContext, changes: Partial<Profile>): ServiceResult<User> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const user = repos.users.findById(access.ownerId)
      if (!user) return notFound(NO_ACCOUNT)
      const errors = accountProblems(repos.users, changes, user.id)
      if (hasProblems(errors)) return invalid(errors)
      const profile = {
        name: changes.name ?? user.name,
        email: changes.email ?? user.email,
        timeZone: changes.timeZone ?? user.timeZone,
      }
      writeProfile(user.id, profile, clock.now())
      return ok(repos.users.findById(user.id)!)
    },

    /** The owner's new password, after the current one; every session of the account ends. */
    async changePassword(
      access: AccessContext,
      currentPassword: string,
      newPassword: string,
    ): Promise<ServiceResult<void>> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const errors = accountProblems(repos.users, { password: newPassword })
      if (hasProblems(errors)) return invalid({ newPassword: errors.password! })
      const current = repos.users.passwordHash(access.ownerId) ?? ''
      if (!(await verifyPassword(current, currentPassword)))
        return invalid({ currentPassword: 'is not correct' })
      setPassword(access.ownerId, await hashPassword(newPassword), clock.now())
      return ok(undefined)
    },

    /** The administrator's reset (the CLI): the same rule, without the current password. */
    async resetPassword(email: string, newPassword: string): Promise<ServiceResult<User>> {
      const user = repos.users.findByEmail(email)
      if (!user) return notFound(`No user with email ${email}.`)
      const errors = accountProblems(repos.users, { password: newPassword })
      if (hasProblems(errors)) return invalid(errors)
      setPassword(user.id, await hashPassword(newPassword), clock.now())
      return ok(user)
    },

    ...tokenActions(deps),
  }
}

export type AccountsService = ReturnType<typeof accountsService>
