import fastifyFormbody from '@fastify/formbody'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { sendError } from './errors.js'
import { addSecurityHeaders } from './securityHeaders.js'

/** Wrong API or calendar-feed tokens one client may present per window before it has to wait. */
export const TOKEN_GUESSES_PER_WINDOW = 10
const TOKEN_GUESS_WINDOW_MS = 60_000

/** Failed token presentations per client address, shared by the API and the calendar feed. */
export interface TokenGuesses {
  /** Seconds this client must wait before presenting another token; 0 when it may. */
  retryAfter(request: FastifyRequest): Promise<number>
  /** Counts a token that did not authenticate. */
  failed(request: FastifyRequest): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    tokenGuesses: TokenGuesses
  }
}

/** The 429 for a client that has presented too many wrong tokens. */
export function sendTooManyGuesses(request: FastifyRequest, reply: FastifyReply, seconds: number) {
  reply.header('retry-after', String(seconds))
  return sendError(
    request,
    reply,
    429,
    `Too many wrong tokens from your address. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  )
}

export default fp(
  async (app) => {
    const https = app.config.baseUrl.startsWith('https:')

    await app.register(fastifyFormbody)
    addSecurityHeaders(app, https)

    // Limits are opt-in per route (login, sign-up); pages and the API are not throttled globally.
    await app.register(fastifyRateLimit, { global: false })

    // Only failed token presentations count, so a script with a valid token is never slowed down,
    // while a client that guesses is refused before its next guess is even checked.
    const guesses = app.createRateLimit({ max: TOKEN_GUESSES_PER_WINDOW, timeWindow: TOKEN_GUESS_WINDOW_MS })
    app.decorate('tokenGuesses', {
      async retryAfter(request) {
        const state = await guesses(request, { increment: false })
        return !state.isAllowed && state.remaining === 0 ? Math.max(1, state.ttlInSeconds) : 0
      },
      async failed(request) {
        await guesses(request)
      },
    } satisfies TokenGuesses)
  },
  { name: 'security', dependencies: ['db'] },
)
