import { createHash, randomBytes } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { hashToken } from '../../auth/tokens.js'
import { changeStamp } from '../../db/changeStamp.js'
import { buildCalendar } from '../../domain/calendar.js'
import { formatLead } from '../../domain/reminderPlan.js'
import { sendError } from '../../plugins/errors.js'
import { sendTooManyGuesses } from '../../plugins/security.js'

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) })
const FeedParams = Type.Object({ file: Type.String({ maxLength: 200 }) })

/** 256 random bits: the address is the only credential a calendar app can present. */
export function generateFeedToken(): string {
  return `cal_${randomBytes(32).toString('base64url')}`
}

const FEED_FILE = /^(cal_[A-Za-z0-9_-]{43})\.ics$/

/** Built feeds kept in memory, one per user, oldest dropped first. */
const FEED_CACHE_USERS = 500

const calendarPages: FastifyPluginAsyncTypebox = async (app) => {
  const feedCache = new Map<number, { stamp: string; key: string; body: string; etag: string }>()
  const dataStamp = changeStamp(app.db)
  const base = app.config.baseUrl.replace(/\/+$/, '')
  const feedUrl = (token: string) => `${base}/calendar/${token}.ics`

  const sendCalendar = (reply: FastifyReply, body: string) =>
    reply.type('text/calendar; charset=utf-8').header('X-Robots-Tag', 'noindex').send(body)

  const render = (request: FastifyRequest, reply: FastifyReply, newUrl?: string) => {
    const user = request.user!
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
    app.repos.calendar.rotate(request.user!.id, hashToken(token), app.clock.now())
    // Rendered directly rather than redirected: only the hash is stored, so this is the one
    // moment the address exists in readable form.
    return render(request, reply, feedUrl(token))
  })

  app.post('/settings/calendar/disable', { preHandler: app.requireUser }, async (request, reply) => {
    const disabled = app.repos.calendar.disable(request.user!.id)
    request.session.set(
      'flash',
      disabled
        ? { type: 'success', message: 'Calendar feed turned off. Its address no longer works.' }
        : { type: 'info', message: 'There was no calendar feed to turn off.' },
    )
    return reply.redirect('/settings/calendar')
  })

  // No session: the token in the path is the credential. Unknown and malformed tokens get the
  // same 404, so the answer reveals nothing about which addresses exist.
  app.get(
    '/calendar/:file',
    {
      schema: { params: FeedParams, hide: true },
      config: { public: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
      // The request log lines carry the URL, and here the URL is the credential.
      logLevel: 'warn',
    },
    async (request, reply) => {
      const wait = await app.tokenGuesses.retryAfter(request)
      if (wait > 0) return sendTooManyGuesses(request, reply, wait)
      const token = FEED_FILE.exec(request.params.file)?.[1]
      const now = app.clock.now()
      const userId = token ? app.repos.calendar.ownerOf(hashToken(token), now) : undefined
      if (userId === undefined) {
        await app.tokenGuesses.failed(request)
        return sendError(request, reply, 404, 'This calendar address does not exist or has been replaced.')
      }
      // Building a feed of hundreds of events is costly and calendar apps poll it, so the last
      // feed built per user is reused while everything it is built from is unchanged (the hour
      // is part of it: the status of a withdrawn interview depends on the clock). While nothing
      // at all has been written to the database within the hour, not even that is read again.
      const hour = Math.floor(now / 3_600_000)
      const stamp = `${dataStamp()}@${hour}`
      let cached = feedCache.get(userId)
      if (cached?.stamp !== stamp) {
        const user = app.repos.users.findById(userId)
        const interviews = app.repos.calendar.feedInterviews(userId, now)
        const leads = app.repos.reminders.settings(userId).leads
        const calName = user ? `Debrief — ${user.name}` : 'Debrief'
        const key = createHash('sha256')
          .update(JSON.stringify([interviews, leads, calName, hour]))
          .digest('base64url')
        if (cached?.key === key) cached.stamp = stamp
        else {
          const body = buildCalendar(interviews, { now, baseUrl: base, leads, calName })
          cached = { stamp, key, body, etag: `"${key.slice(0, 27)}"` }
          feedCache.delete(userId)
          if (feedCache.size >= FEED_CACHE_USERS) feedCache.delete(feedCache.keys().next().value as number)
          feedCache.set(userId, cached)
        }
      }
      const body = cached.body
      reply.header('ETag', cached.etag)
      if (request.headers['if-none-match'] === cached.etag)
        return reply.code(304).header('Cache-Control', 'private, max-age=300').send()
      return sendCalendar(reply.header('Cache-Control', 'private, max-age=300'), body)
    },
  )

  app.get(
    '/interviews/:id/calendar.ics',
    { schema: { params: IdParams }, preHandler: app.requireUser },
    async (request, reply) => {
      const user = request.user!
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
