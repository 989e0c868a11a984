import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { sendFailure } from '../serviceFailure.js'
import { flashTo, refused } from './formSteps.js'
import { CSRF_FIELD } from './forms.js'

const DigestForm = Type.Object({
  enabled: Type.Optional(Type.String({ maxLength: 10 })),
  time: Type.Optional(Type.String({ maxLength: 5 })),
  ...CSRF_FIELD,
})

/** The coach's daily digest: on or off, and at what time of their day. */
const coachDigestPages: FastifyPluginAsyncTypebox = async (app) => {
  const digest = app.services.coachDigest

  app.get('/settings/coach-digest', async (request, reply) => {
    const current = digest.get(request.access!)
    if (!current.ok) return sendFailure(request, reply, current)
    return reply.page('coach-digest', { title: 'Coach digest', digest: current.value, errors: {} })
  })

  app.post('/settings/coach-digest', { schema: { body: DigestForm } }, async (request, reply) => {
    const enabled = request.body.enabled === 'on'
    const saved = digest.save(request.access!, { enabled, time: request.body.time ?? '' })
    if (!saved.ok)
      return refused(request, reply, saved, (errors) =>
        reply.code(400).page('coach-digest', {
          title: 'Coach digest',
          digest: { enabled, time: request.body.time ?? '', nextAt: null },
          errors,
        }),
      )
    const message = enabled
      ? `Coach digest on: every day at ${saved.value.time} (${request.user!.timeZone}) when something needs you.`
      : 'Coach digest off.'
    return flashTo(request, reply, '/settings/coach-digest', message, 303)
  })
}

export default coachDigestPages
