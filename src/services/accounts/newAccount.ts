import type { Db } from '../../db/connection.js'
import type { Repositories } from '../../db/index.js'
import type { NewUser, User } from '../../db/users.js'

/**
 * Creating an account, in one transaction: the user row (the first account ever is the admin)
 * and the starter questions to ask, so every way in (sign-up page, invitation, CLI) yields the
 * same account.
 */
export const newAccount = (db: Db, repos: Pick<Repositories, 'users' | 'askQuestions'>) =>
  db.transaction((user: Omit<NewUser, 'isAdmin'> & { isAdmin?: boolean }, now: number): User => {
    const created = repos.users.create(user, now)
    repos.askQuestions.seedDefaults(created.id, now)
    return created
  })
