import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySession from '@fastify/session'
import fp from 'fastify-plugin'
import { addSecurityHeaders } from './securityHeaders.js'
import { SqliteSessionStore } from './sessionStore.js'

const SESSION_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000

export default fp(
  async (app, opts: { sessionSecret: string }) => {
    const https = app.config.baseUrl.startsWith('https:')

    await app.register(fastifyFormbody)
    await app.register(fastifyCookie)
    await app.register(fastifySession, {
      secret: opts.sessionSecret,
      cookieName: 'debrief_session',
      saveUninitialized: false,
      // Not rolling: a session row is written at login and when its data changes, not on every
      // page view (each write is a durable transaction). Sessions last 30 days from login.
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: https, path: '/', maxAge: SESSION_MAX_AGE_MS },
      store: new SqliteSessionStore(app.repos.sessions, app.clock, SESSION_MAX_AGE_MS),
    })
    await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' })

    addSecurityHeaders(app, https)

    // Limits are opt-in per route (login, sign-up, token use); pages and the API are not throttled globally.
    await app.register(fastifyRateLimit, { global: false })

    // Remove sessions past their expiry now and then, so anonymous visits do not pile up.
    const purge = () => app.repos.sessions.purgeExpired(app.clock.now())
    purge()
    const timer = setInterval(purge, 60 * 60 * 1000)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'security', dependencies: ['db'] },
)
