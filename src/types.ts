import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/connection.js'
import type { Repositories } from './db/index.js'
import type { User } from './db/users.js'

export interface Flash {
  type: 'success' | 'error' | 'info'
  message: string
  /**
   * The id of the element keyboard focus moves to on the next page (the next logical control
   * after a save), so a keyboard user continues where the work is instead of at the top.
   */
  focus?: string
}

declare module 'fastify' {
  interface FastifyInstance {
    config: Config
    clock: Clock
    db: Db
    repos: Repositories
    /** The login requirement of pages: redirects to the login page without a session (the API tree checks its tokens itself). */
    requireUser: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
    /** Compiles every route schema not yet compiled (they compile on first use); returns how many. */
    compileSchemas: () => number
  }
  interface FastifyRequest {
    /** The logged-in account (the actor): the nav and the actor's own pages use it. */
    user: User | null
    /** The account whose data the request reads (`access.ownerId`): the user, or the candidate a coach views. */
    owner: User | null
    /** The candidate a coach chose to view, for the banner, also on the coach's own pages; else null. */
    viewing: User | null
  }
  interface Session {
    userId?: number
    /** The candidate whose debrief a coach reads (checked against the link on every request). */
    viewingCandidateId?: number
    flash?: Flash
  }
  interface FastifyReply {
    /** Renders views/pages/<page>.eta inside the layout with user, CSRF token and flash. */
    page(page: string, data?: Record<string, unknown>): Promise<FastifyReply>
  }
}
