import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AccessContext } from '../services/access.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A page anyone may open without logging in (login, sign-up, the calendar feed). */
    public?: boolean
    /** A write a linked coach may make on a candidate's data (a comment, an approval). */
    comment?: boolean
    /**
     * A route about the actor's own account (a coach's caseload, choosing whose debrief to view):
     * answered with the actor's own access even while they view a candidate's debrief.
     */
    actorOwn?: boolean
  }
  interface FastifyRequest {
    /** Set by the API tree's first hook (src/routes/api/index.ts) for its routes and its 404s. */
    apiRequest: boolean
    /**
     * Who acts, whose data, and what the actor may do: set with the user by each route tree,
     * null without a login. Routes pass it to services and scope data by `access.ownerId`.
     */
    access: AccessContext | null
  }
}

/**
 * Whether the request is being answered by the API tree. The router decides that (after
 * decoding the path), never the spelling of the URL: "/%61pi/v1/me" is an API request too.
 */
export const isApiRequest = (request: FastifyRequest) => request.apiRequest

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The one place that refuses a read-only actor's writes, for both route trees: anything but a
 * read needs write access, or a route marked `comment: true` and an actor who may comment.
 */
export function refusesWrite(request: FastifyRequest): boolean {
  const access = request.access
  if (!access || access.mayWrite || SAFE_METHODS.has(request.method)) return false
  return !(request.routeOptions.config?.comment === true && access.mayComment)
}

export default fp(
  async (app) => {
    app.decorateRequest('user', null)
    app.decorateRequest('apiRequest', false)
    app.decorateRequest('access', null)
    app.decorateRequest('owner', null)
    app.decorateRequest('viewing', null)
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
