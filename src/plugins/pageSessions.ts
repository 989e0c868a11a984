import { createHmac } from 'node:crypto'
import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifySession from '@fastify/session'
import type { FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ownerAccess } from '../services/access.js'
import { applyCoachViewing } from './coachViewing.js'
import { SqliteSessionStore } from './sessionStore.js'

const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000
export const SESSION_COOKIE = 'debrief_session'
export const CSRF_COOKIE = 'debrief_csrf'

/** A key of its own for each use of the one configured secret. */
const derivedKey = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(purpose).digest('base64url')

/**
 * What a form token is bound to besides the CSRF cookie: the server-side session once someone
 * is logged in, so a token from before the login (or from another session) is refused after it.
 */
export function csrfBinding(request: FastifyRequest): string {
  return typeof request.session?.get('userId') === 'number'
    ? `session ${request.session.sessionId}`
    : 'anonymous'
}

/**
 * Cookies, server-side sessions and CSRF tokens, for the page tree only (src/routes/pages/index.ts
 * registers this): the API, health checks, the calendar feed and static files neither decode a
 * cookie nor look up a session.
 *
 * Nothing is written for a visitor who only looks: the CSRF secret of a form lives in a signed
 * cookie (double submit, the token also HMAC-bound to the session once logged in), so the login
 * and sign-up forms need no session row; the first row is written at login or sign-up.
 */
export default fp(
  async (app, opts: { sessionSecret: string }) => {
    const secure = app.config.baseUrl.startsWith('https:')

    await app.register(fastifyCookie, { secret: derivedKey(opts.sessionSecret, 'debrief cookie signatures') })
    await app.register(fastifySession, {
      secret: opts.sessionSecret,
      cookieName: SESSION_COOKIE,
      saveUninitialized: false,
      // Not rolling: a session row is written at login and when its data changes, not on every
      // page view (each write is a durable transaction). Sessions last 30 days from login.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_MAX_AGE_MS },
      store: new SqliteSessionStore(app.repos.sessions, app.clock, SESSION_MAX_AGE_MS),
    })
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: CSRF_COOKIE,
      cookieOpts: {
        signed: true,
        httpOnly: true,
        sameSite: 'lax',
        secure,
        path: '/',
        maxAge: SESSION_MAX_AGE_MS / 1000,
      },
      getUserInfo: csrfBinding,
      csrfOpts: { hmacKey: derivedKey(opts.sessionSecret, 'debrief csrf tokens') },
    })

    // Pages authenticate with the session cookie (the API tree with bearer tokens only).
    app.addHook('onRequest', async (request, reply) => {
      const userId = request.session.get('userId')
      if (typeof userId === 'number') request.user = app.repos.users.findById(userId) ?? null
      request.owner = request.user
      request.access = request.user ? ownerAccess(request.user.id) : null
      // A coach reading a candidate's debrief: checked against the link on every request.
      if (request.user) return applyCoachViewing(app, request, reply)
    })

    // Remove sessions past their expiry now and then.
    const purge = () => app.repos.sessions.purgeExpired(app.clock.now())
    purge()
    const timer = setInterval(purge, 60 * 60 * 1000)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'page-sessions', dependencies: ['db', 'config'] },
)
