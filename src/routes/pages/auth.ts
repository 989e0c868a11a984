import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { timeZoneNames } from '../../domain/timeZones.js'
import { invitationPath } from '../../services/coach/invitations.js'
import type { FieldErrors } from '../../validation.js'
import { flashTo } from './formSteps.js'
import { CSRF_FIELD, formErrors, formValues, safeNext } from './forms.js'

const SignupBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 10, maxLength: 200 }),
  timeZone: Type.String({ minLength: 1, maxLength: 64 }),
  invite: Type.Optional(Type.String({ maxLength: 200 })),
  ...CSRF_FIELD,
})
const SignupQuery = Type.Object({ invite: Type.Optional(Type.String({ maxLength: 200 })) })

const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
  next: Type.Optional(Type.String()),
  ...CSRF_FIELD,
})

// No length limit on next (here or in the login form): one that is no usable local path is ignored, never refused.
const LoginQuery = Type.Object({ next: Type.Optional(Type.String()) })

const INVITATION_NEXT = /^\/coach\/invite\/([A-Za-z0-9_-]+)$/

const authPages: FastifyPluginAsyncTypebox = async (app) => {
  const accounts = app.services.accounts
  const signupAllowed = () => app.config.signup === 'open' || !accounts.anyAccount()
  // A coach invitation lets its recipient create one account even while sign-up is closed.
  const invitations = app.services.coach.invitations
  const invited = (invite: string | undefined) => invite !== undefined && invitations.opensSignUp(invite)
  const loginLimit = { rateLimit: { max: 5, timeWindow: '1 minute' } }
  // Where to go after login, echoed into the login form only when it is a safe local path.
  const formNext = (next: unknown) => {
    const local = safeNext(next)
    return local === '/' ? undefined : local
  }
  const closed = (reply: FastifyReply) => reply.code(403).page('signup-closed', { title: 'Sign-up closed' })

  app.get(
    '/signup',
    { schema: { querystring: SignupQuery }, config: { public: true } },
    async (request, reply) => {
      const invite = request.query.invite
      if (request.user) return reply.redirect(invite && invited(invite) ? invitationPath(invite) : '/')
      if (!signupAllowed() && !invited(invite)) return closed(reply)
      return reply.page('signup', {
        title: 'Sign up',
        first: !accounts.anyAccount(),
        zones: timeZoneNames(),
        values: { timeZone: 'UTC', invite: invited(invite) ? invite : undefined },
      })
    },
  )

  app.post(
    '/signup',
    {
      schema: { body: SignupBody },
      attachValidation: true,
      config: { public: true, rateLimit: { max: 10, timeWindow: '1 minute' } },
    },
    async (request, reply) => {
      const invite = invited(request.body?.invite) ? request.body.invite : undefined
      if (!signupAllowed() && !invite) return closed(reply)
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
      let lostInvitation = false
      const outcome = await accounts
        .signUp(
          request.body,
          () => signupAllowed() || (invite !== undefined && invitations.opensSignUp(invite)),
          (user) => {
            // Ties the link to this account, so one link creates one account; a sign-up racing
            // this one for the same link undoes this one.
            if (invite !== undefined && !invitations.reserve(invite, user.id) && !signupAllowed()) {
              lostInvitation = true
              throw new Error('invitation reserved by another sign-up')
            }
          },
        )
        .catch((error: unknown) => {
          if (lostInvitation) return undefined
          throw error
        })
      if (!outcome) return closed(reply)
      if (!outcome.ok) return outcome.error === 'invalid' ? invalid(outcome.fields) : closed(reply)
      const user = outcome.value
      await request.session.regenerate()
      request.session.set('userId', user.id)
      return flashTo(
        request,
        reply,
        invite ? invitationPath(invite) : '/',
        `Welcome to Debrief, ${user.name}.`,
      )
    },
  )

  app.get(
    '/login',
    { schema: { querystring: LoginQuery }, config: { public: true } },
    async (request, reply) => {
      if (request.user) return reply.redirect(safeNext(request.query.next))
      // A fresh install has nobody to log in: its first visitor creates the first account.
      if (!accounts.anyAccount()) return reply.redirect('/signup')
      // Accounts exist from here on, so only the configuration can open sign-up: the form and the
      // nav need not ask the database again.
      const signupOpen = app.config.signup === 'open'
      const next = formNext(request.query.next)
      // Someone sent here by an invitation link may need an account first.
      const invite = INVITATION_NEXT.exec(next ?? '')?.[1]
      return reply.page('login', {
        title: 'Log in',
        signupOpen,
        navSignup: () => signupOpen,
        invite: invite && invited(invite) ? invite : undefined,
        values: { next },
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
