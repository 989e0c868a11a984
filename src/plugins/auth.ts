import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page anyone may open without logging in (login, sign-up, the calendar feed). */
    public?: boolean
  }
  interface FastifyRequest {
    /** Set by the API tree's first hook (src/routes/api/index.ts) for its routes and its 404s. */
    apiRequest: boolean
  }
}

/**
 * Whether the request is being answered by the API tree. The router decides that (after
 * decoding the path), never the spelling of the URL: "/%61pi/v1/me" is an API request too.
 */
export const isApiRequest = (request: FastifyRequest) => request.apiRequest

export default fp(
  async (app) => {
    app.decorateRequest('user', null)
    app.decorateRequest('apiRequest', false)
    // The page tree sets the user from the session cookie (pageSessions.ts), the API tree from the
    // bearer token alone (routes/api/index.ts): a cookie never authorises an API call.

    /** The login requirement of pages: without a session, go to the login page and come back. */
    app.decorate('requireUser', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`)
    })
  },
  { name: 'auth', dependencies: ['security'] },
)
