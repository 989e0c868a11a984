import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route of the API tree (src/routes/api/index.ts), which authenticates with bearer tokens only. */
    api?: boolean
    /** A page anyone may open without logging in (login, sign-up, the calendar feed). */
    public?: boolean
  }
}

/**
 * Whether the matched route belongs to the API tree. Decided by the route the router matched
 * (after decoding the path), never by the spelling of the URL: "/%61pi/v1/me" is an API route too.
 */
export const isApiRequest = (request: FastifyRequest) => request.routeOptions.config?.api === true

export default fp(
  async (app) => {
    app.decorateRequest('user', null)

    // Pages authenticate with the session cookie. The API tree ignores it and sets the user from
    // the bearer token in its own hook, so a cookie never authorises an API call whatever the
    // path looks like, and the API needs no CSRF token.
    app.addHook('onRequest', async (request) => {
      if (isApiRequest(request)) return
      const userId = request.session.get('userId')
      if (typeof userId === 'number') request.user = app.repos.users.findById(userId) ?? null
    })

    /** The login requirement of pages: without a session, go to the login page and come back. */
    app.decorate('requireUser', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`)
    })
  },
  { name: 'auth', dependencies: ['security'] },
)
