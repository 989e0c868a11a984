import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { safeMessageHtml } from '../../domain/safeHtml.js'
import { sendError } from '../../plugins/errors.js'
import { IdParams } from '../params.js'
import { flashTo } from './formSteps.js'

const PER_PAGE = 25
const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })

const NOT_FOUND = 'There is no such message in your mailbox.'

/** The header block of an RFC 5322 message as [name, value] pairs, folded lines joined. */
export function messageHeaders(raw: string): [string, string][] {
  const end = raw.search(/\r?\n\r?\n/)
  const block = end === -1 ? raw : raw.slice(0, end)
  const headers: [string, string][] = []
  for (const line of block.split(/\r?\n/)) {
    const last = headers[headers.length - 1]
    if (/^[ \t]/.test(line) && last) last[1] += ` ${line.trim()}`
    else {
      const colon = line.indexOf(':')
      if (colon > 0) headers.push([line.slice(0, colon), line.slice(colon + 1).trim()])
    }
  }
  return headers
}

/** The in-app mailbox: what the local transport delivered for the signed-in user, and nobody else's. */
const mailboxPages: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/mailbox', { schema: { querystring: ListQuery } }, async (request, reply) => {
    const user = request.owner!
    const page = request.query.page ?? 1
    const total = app.repos.mailbox.count(user.id)
    return reply.page('mailbox', {
      title: 'Mailbox',
      messages: app.repos.mailbox.list(user.id, PER_PAGE, (page - 1) * PER_PAGE),
      page,
      pages: Math.max(1, Math.ceil(total / PER_PAGE)),
      total,
      unread: app.repos.mailbox.unreadCount(user.id),
      mailerKind: app.mailer.kind,
    })
  })

  app.get('/mailbox/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const message = app.repos.mailbox.get(request.access!.ownerId, request.params.id)
    if (!message) return sendError(request, reply, 404, NOT_FOUND)
    // Shown here, marked read by a POST (sent by the page's script, or the button without it):
    // a GET never writes.
    const html = message.html ? safeMessageHtml(message.html) : ''
    return reply.page('mailbox-message', {
      title: message.subject || '(no subject)',
      message,
      html,
      headers: messageHeaders(message.raw),
    })
  })

  app.post('/mailbox/:id/read', { schema: { params: IdParams } }, async (request, reply) => {
    const user = request.owner!
    const message = app.repos.mailbox.get(user.id, request.params.id)
    if (!message) return sendError(request, reply, 404, NOT_FOUND)
    app.repos.mailbox.markRead(user.id, message.id, app.clock.now())
    return reply.redirect(`/mailbox/${message.id}`, 303)
  })

  app.post('/mailbox/read-all', async (request, reply) => {
    const user = request.owner!
    const marked = app.repos.mailbox.markAllRead(user.id, app.clock.now())
    const message =
      marked === 0 ? 'Nothing was unread.' : `Marked ${marked} message${marked === 1 ? '' : 's'} as read.`
    return flashTo(request, reply, '/mailbox', message, 303)
  })

  app.get('/mailbox/:id/raw', { schema: { params: IdParams } }, async (request, reply) => {
    const message = app.repos.mailbox.get(request.access!.ownerId, request.params.id)
    if (!message) return sendError(request, reply, 404, NOT_FOUND)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="debrief-message-${message.id}.eml"`)
      .header('x-content-type-options', 'nosniff')
      .send(message.raw)
  })
}

export default mailboxPages
