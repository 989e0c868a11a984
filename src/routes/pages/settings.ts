import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { timeZoneNames } from '../../domain/timeZones.js'
import type { FieldErrors } from '../../validation.js'
import { sendFailure } from '../serviceFailure.js'
import { flashTo, refused, settle } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues } from './forms.js'

const ProfileBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  ...CSRF_FIELD,
})
const PasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
  newPassword: Type.String({ minLength: 10, maxLength: 200 }),
  ...CSRF_FIELD,
})
const TokenBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  ...CSRF_FIELD,
})
const TokenParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

type Section = { errors?: FieldErrors; values?: Record<string, unknown> }

const settingsPages: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.services.accounts
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
      tokens: accounts.listTokens(request.access!),
    })
  }

  app.get('/settings', async (request, reply) => render(request, reply))

  app.post(
    '/settings/profile',
    { schema: { body: ProfileBody }, attachValidation: true },
    async (request, reply) => {
      const access = request.access!
      const formProblems = formErrors(request)
      const saved = formProblems ? undefined : accounts.updateProfile(access, request.body)
      if (saved && !saved.ok && saved.error !== 'invalid') return sendFailure(request, reply, saved)
      if (!saved?.ok) {
        // Every field's problem at once: the form's own and those only the account rules see.
        const errors = {
          ...(saved?.error === 'invalid' ? saved.fields : accounts.problems(request.body, access.ownerId)),
          ...formProblems,
        }
        return render(request, reply, { profile: { errors, values: formValues(request) } }, 400)
      }
      return flashTo(request, reply, '/settings', 'Profile saved.')
    },
  )

  app.post(
    '/settings/password',
    { schema: { body: PasswordBody }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request)
      if (errors) return render(request, reply, { password: { errors } }, 400)
      // Every existing session of this user, this one included, stops working.
      const { currentPassword, newPassword } = request.body
      const changed = await accounts.changePassword(request.access!, currentPassword, newPassword)
      if (!changed.ok)
        return refused(request, reply, changed, (fields) =>
          render(request, reply, { password: { errors: fields } }, 400),
        )
      await request.session.regenerate()
      request.session.set('userId', request.access!.ownerId)
      return flashTo(request, reply, '/settings', 'Password changed. Other browsers have been logged out.')
    },
  )

  app.post(
    '/settings/tokens',
    { schema: { body: TokenBody }, attachValidation: true },
    async (request, reply) => {
      const errors = formErrors(request)
      if (errors) return render(request, reply, { token: { errors, values: formValues(request) } }, 400)
      const created = accounts.createToken(request.access!, request.body.name)
      if (!created.ok) return sendFailure(request, reply, created)
      // Rendered directly rather than redirected: the token must never be stored, even in the session.
      return render(request, reply, { newToken: created.value.token })
    },
  )

  app.post('/settings/tokens/:id/revoke', { schema: { params: TokenParams } }, async (request, reply) => {
    // Another user's token id gets the same 404 as one that never existed.
    return settle(
      request,
      reply,
      accounts.revokeToken(request.access!, request.params.id),
      'Token revoked.',
      '/settings#tokens',
    )
  })
}

export default settingsPages
