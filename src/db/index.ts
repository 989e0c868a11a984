import { apiTokensRepository } from './apiTokens.js'
import type { Db } from './connection.js'
import { remindersRepository } from './reminders.js'
import { sessionsRepository } from './sessions.js'
import { usersRepository } from './users.js'

/** Every repository, each with its statements prepared once for the life of the connection. */
export function repositories(db: Db) {
  const reminders = remindersRepository(db)
  return {
    users: usersRepository(db),
    sessions: sessionsRepository(db),
    apiTokens: apiTokensRepository(db),
    reminders,
  }
}

export type Repositories = ReturnType<typeof repositories>
