import { STATUS_CODES } from 'node:http'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { fieldErrors, summarize } from '../validation.js'
import { isApiRequest } from './auth.js'

function wantsJson(request: FastifyRequest): boolean {
  if (isApiRequest(request)) return true
  const accept = request.headers.accept ?? ''
  return accept.includes('application/json') && !accept.includes('text/html')
}

const invalidInput = (fields: Record<string, string>) => `Invalid input: ${summarize(fields)}.`

/** Messages a person can act on, for the errors that Fastify and its plugins raise with terse wording. */
function friendlyMessage(error: FastifyError, status: number): string {
  if (status >= 500)
    return 'Something went wrong on our side. It has been logged; please try again in a moment.'
  switch (error.code) {
    case 'FST_CSRF_INVALID_TOKEN':
    case 'FST_CSRF_MISSING_SECRET':
      return 'This form has expired or did not come from Debrief. Reload the page and submit it again.'
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'The request is too large. Shorten the text and try again.'
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported content type: send JSON (application/json) or a form.'
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The request body is empty; send a JSON object.'
  }
  if (error.validation) return invalidInput(fieldErrors(error.validation))
  if (status === 429) return `Too many attempts. ${error.message}.`
  return error.message
}

export async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  fields?: Record<string, string>,
) {
  const error = STATUS_CODES[status] ?? 'Error'
  if (wantsJson(request)) return reply.code(status).send({ error, message, ...(fields ? { fields } : {}) })
  try {
    return await reply.code(status).page('error', { title: error, status, message })
  } catch (renderError) {
    request.log.error({ err: renderError }, 'error page failed to render')
    return reply.code(status).type('text/plain; charset=utf-8').send(`${status} ${error}\n\n${message}\n`)
  }
}

/** A 400 naming every field that failed a domain check, worded like the schema's own validation errors. */
export function sendInvalid(request: FastifyRequest, reply: FastifyReply, fields: Record<string, string>) {
  return sendError(request, reply, 400, invalidInput(fields), fields)
}

export default fp(
  async (app) => {
    app.setErrorHandler(async (error: FastifyError, request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500
      if (status >= 500) request.log.error({ err: error }, 'request failed')
      else request.log.info({ code: error.code, message: error.message }, 'request rejected')
      const fields = error.validation ? fieldErrors(error.validation) : undefined
      return sendError(request, reply, status, friendlyMessage(error, status), fields)
    })

    app.setNotFoundHandler(async (request, reply) =>
      sendError(
        request,
        reply,
        404,
        `There is nothing at ${request.url.split('?')[0]}. Check the address or go back to the dashboard.`,
      ),
    )
  },
  { name: 'errors', dependencies: ['view'] },
)
