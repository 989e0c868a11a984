import type { Clock } from './clock.js'
import type { Config } from './config.js'
import type { Db } from './db/connection.js'
import type { Repositories } from './db/index.js'
import type { User } from './db/users.js'

export interface Flash {
  type: 'success' | 'error' | 'info'
  message: string
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
    user: User | null
  }
  interface Session {
    userId?: number
    flash?: Flash
  }
  interface FastifyReply {
    /** Renders views/pages/<page>.eta inside the layout with user, CSRF token and flash. */
    page(page: string, data?: Record<string, unknown>): Promise<FastifyReply>
  }
}
