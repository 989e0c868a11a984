import { randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { hashToken } from '../../auth/tokens.js'
import { buildCalendar } from '../../domain/calendar.js'
import { formatLead } from '../../domain/reminderPlan.js'
import { sendError } from '../../plugins/errors.js'
import { sendCalendar } from '../calendarFeed.js'

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** 256 random bits: the address is the only credential a calendar app can present. */
export function generateFeedToken(): string {
  return `cal_${randomBytes(32).toString('base64url')}`
}

const calendarPages: FastifyPluginAsyncTypebox = async (app) => {
  const base = app.config.baseUrl.replace(/\/+$/, '')
  const feedUrl = (token: string) => `${base}/calendar/${token}.ics`

  const render = (request: FastifyRequest, reply: FastifyReply, newUrl?: string) => {
    const user = request.owner!
    return reply.page('settings-calendar', {
      title: 'Calendar feed',
      status: app.repos.calendar.status(user.id),
      leadLabels: app.repos.reminders.settings(user.id).leads.map(formatLead),
      newUrl,
      webcalUrl: newUrl?.replace(/^https?:/, 'webcal:'),
    })
  }

  app.get('/settings/calendar', { preHandler: app.requireUser }, async (request, reply) =>
    render(request, reply),
  )

  app.post('/settings/calendar/rotate', { preHandler: app.requireUser }, async (request, reply) => {
    const token = generateFeedToken()
    app.repos.calendar.rotate(request.access!.ownerId, hashToken(token), app.clock.now())
    // Rendered directly rather than redirected: only the hash is stored, so this is the one
    // moment the address exists in readable form.
    return render(request, reply, feedUrl(token))
  })

  app.post('/settings/calendar/disable', { preHandler: app.requireUser }, async (request, reply) => {
    const disabled = app.repos.calendar.disable(request.access!.ownerId)
    request.session.set(
      'flash',
      disabled
        ? { type: 'success', message: 'Calendar feed turned off. Its address no longer works.' }
        : { type: 'info', message: 'There was no calendar feed to turn off.' },
    )
    return reply.redirect('/settings/calendar')
  })

  app.get(
    '/interviews/:id/calendar.ics',
    { schema: { params: IdParams }, preHandler: app.requireUser },
    async (request, reply) => {
      const user = request.owner!
      const interview = app.repos.interviews.get(user.id, request.params.id)
      if (!interview) return sendError(request, reply, 404, 'There is no such interview.')
      const body = buildCalendar([interview], {
        now: app.clock.now(),
        baseUrl: base,
        leads: app.repos.reminders.settings(user.id).leads,
      })
      return sendCalendar(
        reply
          .header('Cache-Control', 'private, no-store')
          .header('Content-Disposition', `attachment; filename="interview-${interview.id}.ics"`),
        body,
      )
    },
  )
}

export default calendarPages
