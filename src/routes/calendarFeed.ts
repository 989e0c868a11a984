import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { changeStamp } from '../db/changeStamp.js'
import { keepRecent } from '../domain/recentlyUsed.js'
import { sendError } from '../plugins/errors.js'
import { sendTooManyGuesses } from '../plugins/security.js'
import { ownerAccess } from '../services/access.js'

const FeedParams = Type.Object({ file: Type.String({ maxLength: 200 }) })

/** Built feeds kept in memory, one per user, oldest dropped first. */
const FEED_CACHE_USERS = 500

export const sendCalendar = (reply: FastifyReply, body: string) =>
  reply.type('text/calendar; charset=utf-8').header('X-Robots-Tag', 'noindex').send(body)

/** The calendar feed a calendar app polls at /calendar/<token>.ics (set up under Settings → Calendar). */
const calendarFeed: FastifyPluginAsyncTypebox = async (app) => {
  const feedCache = new Map<number, { stamp: string; key: string; body: string; etag: string }>()
  const dataStamp = changeStamp(app.db)
  const calendar = app.services.calendar

  // The token in the path is the credential (outside the page tree: no cookie, no session). Unknown and malformed tokens get the
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
      const now = app.clock.now()
      const userId = calendar.feedOwner(request.params.file)
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
        const source = calendar.feedSource(ownerAccess(userId))
        const key = createHash('sha256')
          .update(JSON.stringify([source.interviews, source.leads, source.calName, hour]))
          .digest('base64url')
        if (cached?.key === key) cached.stamp = stamp
        else {
          const body = calendar.build(source, now)
          cached = { stamp, key, body, etag: `"${key.slice(0, 27)}"` }
          keepRecent(feedCache, userId, cached, FEED_CACHE_USERS)
        }
      }
      const body = cached.body
      reply.header('ETag', cached.etag)
      if (request.headers['if-none-match'] === cached.etag)
        return reply.code(304).header('Cache-Control', 'private, max-age=300').send()
      return sendCalendar(reply.header('Cache-Control', 'private, max-age=300'), body)
    },
  )
}

export default calendarFeed
