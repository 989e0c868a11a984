import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { checkImport, ExportDocument, MAX_IMPORT_BYTES, problemMessage } from '../../domain/transfer.js'
import { sendError } from '../../plugins/errors.js'
import { ErrorResponse } from './schemas.js'

const Count = Type.Integer({ minimum: 0 })
const ImportResponse = Type.Object({
  imported: Type.Object({
    interviews: Count,
    interviewers: Count,
    questions: Count,
    asked: Count,
    askQuestions: Count,
    drafts: Count,
  }),
  skippedInterviews: Type.Integer({
    minimum: 0,
    description: 'Interviews already in the account (same company, role, start and end), left untouched',
  }),
})

const transfer: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/export',
    {
      schema: {
        tags: ['data'],
        description: 'Everything the account owns as one versioned document; import it with POST /import.',
        response: { 200: ExportDocument, 401: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-store')
      return app.repos.dataTransfer.exportDocument(request.user!.id, app.clock.now())
    },
  )

  app.post(
    '/import',
    {
      // JSON parsing is bounded by this limit before any validation runs.
      bodyLimit: MAX_IMPORT_BYTES,
      // The schema documents the body; checkImport applies it (plus the cross-references it cannot
      // express) so the API and the import page answer with the same message and path.
      validatorCompiler: () => (value: unknown) => ({ value }),
      schema: {
        tags: ['data'],
        description:
          'Adds an export document to this account in one transaction: a document with any problem changes nothing. ' +
          'Interviews already present are skipped; reminders are planned from the imported times.',
        body: ExportDocument,
        response: { 200: ImportResponse, 400: ErrorResponse, 401: ErrorResponse, 413: ErrorResponse },
      },
    },
    async (request, reply) => {
      const checked = checkImport(request.body)
      if (!checked.ok)
        return sendError(request, reply, 400, `Nothing was imported: ${problemMessage(checked.problem)}`, {
          [checked.problem.path]: checked.problem.message,
        })
      try {
        const summary = app.repos.dataTransfer.importDocument(
          request.user!.id,
          checked.document,
          app.clock.now(),
        )
        const { skippedInterviews, ...imported } = summary
        return { imported, skippedInterviews }
      } catch (error) {
        request.log.warn({ err: error }, 'import refused by the database')
        return sendError(
          request,
          reply,
          400,
          `Nothing was imported: the database refused the document (${(error as Error).message}).`,
        )
      }
    },
  )
}

export default transfer
