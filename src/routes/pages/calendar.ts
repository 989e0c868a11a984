import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { sendCalendar } from '../calendarFeed.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'

const calendarPages: FastifyPluginAsyncTypebox = async (app) => {
  const service = app.services.calendar

  const render = (
    request: FastifyRequest,
    reply: FastifyReply,
    created?: { url: string; webcalUrl: string },
  ) =>
    reply.page('settings-calendar', {
      title: 'Calendar feed',
      ...service.settings(request.access!),
      newUrl: created?.url,
      webcalUrl: created?.webcalUrl,
    })

  app.get('/settings/calendar', { preHandler: app.requireUser }, async (request, reply) =>
    render(request, reply),
  )

  app.post('/settings/calendar/rotate', { preHandler: app.requireUser }, async (request, reply) => {
    const rotated = service.rotate(request.access!)
    if (!rotated.ok) return sendFailure(request, reply, rotated)
    // Rendered directly rather than redirected: only the hash is stored, so this is the one
    // moment the address exists in readable form.
    return render(request, reply, rotated.value)
  })

  app.post('/settings/calendar/disable', { preHandler: app.requireUser }, async (request, reply) => {
    const disabled = service.disable(request.access!)
    if (!disabled.ok) return sendFailure(request, reply, disabled)
    request.session.set(
      'flash',
      disabled.value
        ? { type: 'success', message: 'Calendar feed turned off. Its address no longer works.' }
        : { type: 'info', message: 'There was no calendar feed to turn off.' },
    )
    return reply.redirect('/settings/calendar')
  })

  app.get(
    '/interviews/:id/calendar.ics',
    { schema: { params: IdParams }, preHandler: app.requireUser },
    async (request, reply) => {
      const file = service.interviewFile(request.access!, request.params.id)
      if (!file.ok) return sendFailure(request, reply, file)
      return sendCalendar(
        reply
          .header('Cache-Control', 'private, no-store')
          .header('Content-Disposition', `attachment; filename="interview-${request.params.id}.ics"`),
        file.value,
      )
    },
  )
}

export default calendarPages
