import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { accountProblems, saveProfile } from '../../auth/accounts.js'
import { hashPassword, verifyPassword } from '../../auth/password.js'
import { generateToken, hashToken } from '../../auth/tokens.js'
import { timeZoneNames } from '../../domain/timeZones.js'
import { sendError } from '../../plugins/errors.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues } from './forms.js'

const ProfileBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  _csrf: Type.Optional(Type.String()),
})
const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ minLength: 10, maxLength: 200 }),
  _csrf: Type.Optional(Type.String()),
})
const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  _csrf: Type.Optional(Type.String()),
})
const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

type Section = { errors?: FieldErrors; values?: Record<string, unknown> }

const settingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    parts: { profile?: Section; password?: Section; token?: Section; newToken?: string } = {},
    status = 200,
  ) => {
    const user = request.owner!
    return reply.code(status).page('settings', {
      title: 'Settings',
      zones: timeZoneNames(),
      profile: {
        errors: {},
        values: { name: user.name, email: user.email, timeZone: user.timeZone },
        ...parts.profile,
      },
      password: { errors: {}, values: {}, ...parts.password },
      token: { errors: {}, values: {}, ...parts.token },
      newToken: parts.newToken,
      tokens: app.repos.apiTokens.listActive(user.id),
    })
  }

  app.get('/settings', async (request, reply) => render(request, reply))

  app.post(
    '/settings/profile',
    { schema: { body: ProfileBody }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      const errors = { ...accountProblems(app.repos, request.body, user.id), ...formErrors(request) }
      if (Object.keys(errors).length > 0) {
        return render(request, reply, { profile: { errors, values: formValues(request) } }, 400)
      }
      saveProfile(app.db, app.repos, user.id, request.body, app.clock.now())
      request.session.set('flash', { type: 'success', message: 'Profile saved.' })
      return reply.redirect('/settings')
    },
  )

  app.post(
    '/settings/password',
    { schema: { body: PasswordBody }, attachValidation: true },
    async (request, reply) => {
      const user = request.owner!
      let errors = formErrors(request)
      if (!errors) {
        const current = app.repos.users.passwordHash(user.id) ?? ''
        if (!(await verifyPassword(current, request.body.currentPassword)))
          errors = { currentPassword: 'is not correct' }
      }
      if (errors) return render(request, reply, { password: { errors } }, 400)
      const hash = await hashPassword(request.body.newPassword)
      app.db.transaction(() => {
        app.repos.users.updatePassword(user.id, hash, app.clock.now())
        // Every existing session of this user, this one included, stops working.
        app.repos.sessions.destroyForUser(user.id)
      })()
      await request.session.regenerate()
      request.session.set('userId', user.id)
      request.session.set('flash', {
        type: 'success',
        message: 'Password changed. Other browsers have been logged out.',
      })
      return reply.redirect('/settings')
    },
  )

  app.post(
    '/settings/tokens',
    { schema: { body: TokenBody }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request)
      if (errors) return render(request, reply, { token: { errors, values: formValues(request) } }, 400)
      const token = generateToken()
      app.repos.apiTokens.create(
        request.access!.ownerId,
        request.body.name,
        hashToken(token),
        token.slice(0, 8),
        app.clock.now(),
      )
      // Rendered directly rather than redirected: the token must never be stored, even in the session.
      return render(request, reply, { newToken: token })
    },
  )

  app.post('/settings/tokens/:id/revoke', { schema: { params: TokenParams } }, async (request, reply) => {
    const revoked = app.repos.apiTokens.revoke(request.access!.ownerId, request.params.id, app.clock.now())
    // Another user's token id gets the same 404 as one that never existed.
    if (!revoked)
      return sendError(
        request,
        reply,
        404,
        'You have no such API token: it does not exist or was already revoked.',
      )
    request.session.set('flash', { type: 'success', message: 'Token revoked.' })
    return reply.redirect('/settings#tokens')
  })
}

export default settingsPages
