import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ImportJob } from '../../db/importJobs.js'
import { checkImportSteps, problemMessage } from '../../domain/importCheck.js'
import { ExportDocument, MAX_IMPORT_BYTES } from '../../domain/transfer.js'
import { runInTurns } from '../../imports/turns.js'
import { sendError } from '../../plugins/errors.js'
import { ErrorResponse, IdParams } from './schemas.js'

/** How long POST /import waits for its job before answering: a small file is done by then. */
const SETTLE_MS = 1000

const Count = Type.Integer({ minimum: 0 })
const Instant = Type.String({ format: 'date-time' })
const ImportJobResponse = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  url: Type.String({ description: 'Where to poll this import: GET it until state is no longer "running"' }),
  state: Type.Union([Type.Literal('running'), Type.Literal('done'), Type.Literal('failed')], {
    description:
      'running: nothing of the file is visible yet; done: all of it is; failed: none of it is (see error)',
  }),
  total: Type.Integer({ minimum: 0, description: 'Interviews in the file' }),
  processed: Type.Integer({ minimum: 0, description: 'Interviews handled so far (added or skipped)' }),
  imported: Type.Union([
    Type.Object({
      interviews: Count,
      interviewers: Count,
      questions: Count,
      asked: Count,
      askQuestions: Count,
      drafts: Count,
    }),
    Type.Null(),
  ]),
  skippedInterviews: Type.Union([
    Type.Integer({
      minimum: 0,
      description: 'Interviews already in the account (same company, role, start and end), left untouched',
    }),
    Type.Null(),
  ]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
  finishedAt: Type.Union([Instant, Type.Null()]),
})

const jobUrl = (id: number) => `/api/v1/imports/${id}`

function jobJson(job: ImportJob) {
  const { skippedInterviews = null, ...imported } = job.summary ?? {}
  return {
    id: job.id,
    url: jobUrl(job.id),
    state: job.state,
    total: job.total,
    processed: job.processed,
    imported: job.summary ? (imported as Omit<NonNullable<ImportJob['summary']>, 'skippedInterviews'>) : null,
    skippedInterviews,
    error: job.error,
    createdAt: new Date(job.createdAt).toISOString(),
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt).toISOString(),
  }
}

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
      return app.repos.dataTransfer.exportDocument(request.access!.ownerId, app.clock.now())
    },
  )

  app.post(
    '/import',
    {
      // JSON parsing is bounded by this limit before any validation runs.
      bodyLimit: MAX_IMPORT_BYTES,
      // The schema documents the body; checkImportSteps applies it (plus the cross-references it cannot
      // express) so the API and the import page answer with the same message and path.
      validatorCompiler: () => (value: unknown) => ({ value }),
      schema: {
        tags: ['data'],
        description:
          'Checks an export document, then adds it to this account as an import job and answers 202 with the job ' +
          '(Location: its URL). The job writes in short steps and makes the file visible all at once when it ' +
          'finishes: until then, and if it fails, nothing of it is in the account. A document with any problem is ' +
          'refused with 400 and changes nothing. Interviews already present are skipped; reminders are planned from ' +
          'the imported times. One import at a time per account (409 while one runs). A small file is usually ' +
          'done by the time of the answer.',
        body: ExportDocument,
        response: {
          202: ImportJobResponse,
          400: ErrorResponse,
          401: ErrorResponse,
          409: ErrorResponse,
          413: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const checked = await runInTurns(checkImportSteps(request.body))
      if (!checked.ok)
        return sendError(request, reply, 400, `Nothing was imported: ${problemMessage(checked.problem)}`, {
          [checked.problem.path]: checked.problem.message,
        })
      const userId = request.access!.ownerId
      const started = app.imports.start(userId, checked.document)
      if (!started.ok)
        return sendError(
          request,
          reply,
          409,
          `Nothing was imported: another import into this account is still running (${jobUrl(started.runningJobId)}). Try again when it has finished.`,
        )
      await app.imports.settle(started.job.id, SETTLE_MS)
      const job = app.imports.get(userId, started.job.id) ?? started.job
      return reply.code(202).header('Location', jobUrl(job.id)).send(jobJson(job))
    },
  )

  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['data'],
        description:
          'An import job started with POST /import: its state, progress and, when done, what it added.',
        params: IdParams,
        response: { 200: ImportJobResponse, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'private, no-store')
      const job = app.imports.get(request.access!.ownerId, request.params.id)
      if (!job) return sendError(request, reply, 404, 'No such import in this account.')
      return jobJson(job)
    },
  )
}

export default transfer
