import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import type { ImportJob } from '../../db/importJobs.js'
import { ExportDocument, MAX_IMPORT_BYTES } from '../../domain/transfer.js'
import { sendError } from '../../plugins/errors.js'
import { sendFailure } from '../serviceFailure.js'
import { ErrorResponse, IdParams } from './schemas.js'

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
  const service = app.services.transfer
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
      return service.exportDocument(request.access!)
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
      const started = await service.importValue(request.access!, request.body)
      if (!started.ok) {
        if (!('runningJobId' in started) || started.runningJobId === undefined)
          return sendFailure(request, reply, started)
        return sendError(
          request,
          reply,
          409,
          `Nothing was imported: another import into this account is still running (${jobUrl(started.runningJobId)}). Try again when it has finished.`,
        )
      }
      const job = started.value
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
      const job = service.job(request.access!, request.params.id)
      return job.ok ? jobJson(job.value) : sendFailure(request, reply, job)
    },
  )
}

export default transfer
