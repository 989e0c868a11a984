import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { safeMessageHtml } from '../../domain/safeHtml.js'
import { IdParams } from '../params.js'
import { sendFailure } from '../serviceFailure.js'
import { flashTo } from './formSteps.js'
import { ButtonForm } from './forms.js'

const ListQuery = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) })

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
  const mailbox = app.services.mailbox

  app.get('/mailbox', { schema: { querystring: ListQuery } }, async (request, reply) =>
    reply.page('mailbox', {
      title: 'Mailbox',
      ...mailbox.page(request.access!, request.query.page ?? 1),
      mailerKind: app.mailer.kind,
    }),
  )

  app.get('/mailbox/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const found = mailbox.message(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    const message = found.value
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

  app.post(
    '/mailbox/:id/read',
    { schema: { params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const marked = mailbox.markRead(request.access!, request.params.id)
      if (!marked.ok) return sendFailure(request, reply, marked)
      return reply.redirect(`/mailbox/${marked.value}`, 303)
    },
  )

  app.post('/mailbox/read-all', { schema: { body: ButtonForm } }, async (request, reply) => {
    const marked = mailbox.markAllRead(request.access!)
    if (!marked.ok) return sendFailure(request, reply, marked)
    const n = marked.value
    const message = n === 0 ? 'Nothing was unread.' : `Marked ${n} message${n === 1 ? '' : 's'} as read.`
    return flashTo(request, reply, '/mailbox', message, 303)
  })

  app.get('/mailbox/:id/raw', { schema: { params: IdParams } }, async (request, reply) => {
    const found = mailbox.message(request.access!, request.params.id)
    if (!found.ok) return sendFailure(request, reply, found)
    return reply
      .type('message/rfc822')
      .header('content-disposition', `attachment; filename="debrief-message-${found.value.id}.eml"`)
      .header('x-content-type-options', 'nosniff')
      .send(found.value.raw)
  })
}

export default mailboxPages
