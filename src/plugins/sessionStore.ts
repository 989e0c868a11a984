import type { FastifySessionObject, SessionStore } from '@fastify/session'
import type { Clock } from '../clock.js'
import type { SessionsRepository } from '../db/sessions.js'

type Callback = (error?: unknown) => void

/** Server-side sessions in SQLite: logging out or changing the password deletes rows, so old cookies stop working. */
export class SqliteSessionStore implements SessionStore {
  constructor(
    private readonly sessions: SessionsRepository,
    private readonly clock: Clock,
    private readonly maxAgeMs: number,
  ) {}

  set(sessionId: string, session: FastifySessionObject, callback: Callback): void {
    try {
      const userId = typeof session.userId === 'number' ? session.userId : null
      this.sessions.save(sessionId, userId, JSON.stringify(session), this.clock.now() + this.maxAgeMs)
      callback()
    } catch (error) {
      callback(error)
    }
  }

  get(sessionId: string, callback: (error: unknown, session?: FastifySessionObject | null) => void): void {
    try {
      const data = this.sessions.get(sessionId, this.clock.now())
      callback(null, data ? (JSON.parse(data) as FastifySessionObject) : null)
    } catch (error) {
      callback(error)
    }
  }

  destroy(sessionId: string, callback: Callback): void {
    try {
      this.sessions.destroy(sessionId)
      callback()
    } catch (error) {
      callback(error)
    }
  }
}
