import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { timeZoneNames } from '../../domain/timeZones.js'
import type { FieldErrors } from '../../validation.js'
import { formErrors, formValues, safeNext } from './forms.js'

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
  next: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})

// No length limit on next (here or in the login form): one that is no usable local path is ignored, never refused.
const LoginQuery = Type.Object({ next: Type.Optional(Type.String()) })

const authPages: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.services.accounts
  const signupAllowed = () => app.config.signup === 'open' || !accounts.anyAccount()
  const loginLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } }
  // Where to go after login, echoed into the login form only when it is a safe local path.
  const formNext = (next: unknown) => {
    const local = safeNext(next)
    return local === '/' ? undefined : local
  }
  const closed = (reply: FastifyReply) => reply.code(403).page('signup-closed', { title: 'Sign-up closed' })

  app.get('/signup', { config: { public: true } }, async (request, reply) => {
    if (request.user) return reply.redirect('/')
    if (!signupAllowed()) return closed(reply)
    return reply.page('signup', {
      title: 'Sign up',
      first: !accounts.anyAccount(),
      zones: timeZoneNames(),
      values: { timeZone: 'UTC' },
    })
  })

  app.post(
    '/signup',
    {
      schema: { body: SignupBody },
      attachValidation: true,
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      if (!signupAllowed()) return closed(reply)
      const invalid = (errors: FieldErrors) =>
        reply.code(400).page('signup', {
          title: 'Sign up',
          first: !accounts.anyAccount(),
          zones: timeZoneNames(),
          errors,
          values: formValues(request),
        })
      const errors = { ...accounts.problems(request.body), ...formErrors(request) }
      if (Object.keys(errors).length > 0) return invalid(errors)
      // Checked again where the account is written: a sign-up racing this one may have won.
      const outcome = await accounts.signUp(request.body, signupAllowed)
      if (!outcome.ok) return outcome.error === 'invalid' ? invalid(outcome.fields) : closed(reply)
      const user = outcome.value
      await request.session.regenerate()
      request.session.set('userId', user.id)
      request.session.set('flash', { type: 'success', message: `Welcome to Debrief, ${user.name}.` })
      return reply.redirect('/')
    },
  )

  app.get(
    '/login',
    { schema: { querystring: LoginQuery }, config: { public: true } },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeNext(request.query.next))
      // A fresh install has nobody to log in: its first visitor creates the first account.
      if (app.repos.users.count() === 0) return reply.redirect('/signup')
      return reply.page('login', {
        title: 'Log in',
        signupOpen: signupAllowed(),
        values: { next: formNext(request.query.next) },
      })
    },
  )

  app.post(
    '/login',
    { schema: { body: LoginBody }, attachValidation: true, config: { public: true, ...loginLimit } },
    async (request, reply) => {
      const fail = (errors: Record<string, string>) =>
        reply.code(400).page('login', {
          title: 'Log in',
          signupOpen: signupAllowed(),
          errors,
          values: { ...formValues(request), next: formNext(request.body?.next) },
        })
      const errors = formErrors(request)
      if (errors) return fail(errors)
      const account = await accounts.logIn(request.body.email, request.body.password)
      if (!account.ok) return fail(account.error === 'invalid' ? account.fields : { form: account.message })
      // A fresh session id at login defeats session fixation.
      await request.session.regenerate()
      request.session.set('userId', account.value)
      return reply.redirect(safeNext(request.body.next))
    },
  )

  app.post('/logout', { config: { public: true } }, async (request, reply) => {
    await request.session.destroy()
    return reply.redirect('/login')
  })
}

export default authPages
