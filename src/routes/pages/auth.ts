import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { accountProblems, createAccount } from '../../auth/accounts.js'
import { dummyPasswordHash, verifyPassword } from '../../auth/password.js'
import { timeZoneNames } from '../../domain/timeZones.js'
import { formErrors, formValues, registerFormHooks, safeNext } from './forms.js'

const SignupBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 10, maxLength: 200 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  _csrf: Type.Optional(Type.String()),
})

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  next: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
})

const LoginQuery = Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) })

const authPages: FastifyPluginAsyncTypebox = async (app) => {
  registerFormHooks(app)
  const signupAllowed = () => app.config.signup === 'open' || app.repos.users.count() === 0
  const loginLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } }

  app.get('/signup', async (request, reply) => {
    if (request.user) return reply.redirect('/')
    if (!signupAllowed()) return reply.code(403).page('signup-closed', { title: 'Sign-up closed' })
    return reply.page('signup', {
      title: 'Sign up',
      first: app.repos.users.count() === 0,
      zones: timeZoneNames(),
      values: { timeZone: 'UTC' },
    })
  })

  app.post(
    '/signup',
    {
      schema: { body: SignupBody },
      attachValidation: true,
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!signupAllowed()) return reply.code(403).page('signup-closed', { title: 'Sign-up closed' })
      const errors = { ...accountProblems(app.repos, request.body), ...formErrors(request) }
      if (Object.keys(errors).length > 0) {
        return reply.code(400).page('signup', {
          title: 'Sign up',
          first: app.repos.users.count() === 0,
          zones: timeZoneNames(),
          errors,
          values: formValues(request),
        })
      }
      const user = await createAccount(app.repos, request.body, app.clock.now())
      await request.session.regenerate()
      request.session.set('userId', user.id)
      request.session.set('flash', { type: 'success', message: `Welcome to Debrief, ${user.name}.` })
      return reply.redirect('/')
    },
  )

  app.get('/login', { schema: { querystring: LoginQuery } }, async (request, reply) => {
    if (request.user) return reply.redirect(safeNext(request.query.next))
    return reply.page('login', {
      title: 'Log in',
      signupOpen: signupAllowed(),
      values: { next: request.query.next },
    })
  })

  app.post(
    '/login',
    { schema: { body: LoginBody }, attachValidation: true, config: loginLimit },
    async (request, reply) => {
      const fail = (errors: Record<string, string>) =>
        reply.code(400).page('login', {
          title: 'Log in',
          signupOpen: signupAllowed(),
          errors,
          values: formValues(request),
        })
      const errors = formErrors(request)
      if (errors) return fail(errors)
      const credentials = app.repos.users.credentials(request.body.email)
      // Verify against a dummy hash for unknown emails so response time does not reveal who has an account.
      const ok = await verifyPassword(
        credentials?.password_hash ?? (await dummyPasswordHash()),
        request.body.password,
      )
      if (!credentials || !ok) return fail({ form: 'The email or password is not correct.' })
      // A fresh session id at login defeats session fixation.
      await request.session.regenerate()
      request.session.set('userId', credentials.id)
      return reply.redirect(safeNext(request.body.next))
    },
  )

  app.post('/logout', async (request, reply) => {
    await request.session.destroy()
    return reply.redirect('/login')
  })
}

export default authPages
