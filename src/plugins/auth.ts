import type { FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hashToken } from '../auth/tokens.js'

export const isApiRequest = (request: FastifyRequest) => request.url.startsWith('/api/')

export default fp(
  async (app) => {
    app.decorateRequest('user', null)

    // The API authenticates only with bearer tokens and pages only with the session cookie:
    // a cookie never authorises an API call, so the API needs no CSRF token.
    app.addHook('onRequest', async (request) => {
      if (isApiRequest(request)) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')
        if (!match?.[1]) return
        const userId = app.repos.apiTokens.authenticate(hashToken(match[1]), app.clock.now())
        request.user = userId === undefined ? null : (app.repos.users.findById(userId) ?? null)
        return
      }
      const userId = request.session.get('userId')
      if (typeof userId === 'number') request.user = app.repos.users.findById(userId) ?? null
    })

    app.decorate('requireUser', async (request: FastifyRequest, reply: FastifyReply) => {
      if (request.user) return
      if (isApiRequest(request)) {
        const sent = request.headers.authorization !== undefined
        await reply.code(401).send({
          error: 'Unauthorized',
          message: sent
            ? 'The API token is not valid or has been revoked. Create a new one under Settings → API tokens.'
            : 'Send an API token as "Authorization: Bearer <token>". Create one under Settings → API tokens.',
        })
        return
      }
      await reply.redirect(`/login?next=${encodeURIComponent(request.url)}`)
    })
  },
  { name: 'auth', dependencies: ['security'] },
)
