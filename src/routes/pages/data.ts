import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import type { ImportSummary } from '../../db/importJobs.js'
import { MAX_IMPORT_BYTES } from '../../domain/transfer.js'
import { FAILURE_STATUS } from '../../services/result.js'
import type { Flash } from '../../types.js'
import { CSRF_FIELD, formErrors } from './forms.js'

const ImportForm = Type.Object({
  document: Type.String(),
  ...CSRF_FIELD,
})

/** A pasted document is shown again after an error only up to this size; beyond, re-choosing the file is easier. */
const ECHO_LIMIT = 200 * 1024

// A form post percent-encodes most JSON punctuation, so the body can be about three times the file.
export const IMPORT_FORM_BODY_LIMIT = 3 * MAX_IMPORT_BYTES + 64 * 1024

const REFRESH_SECONDS = 2

const DOWNLOAD_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
} as const

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

function summaryMessage(summary: ImportSummary): string {
  const skipped =
    summary.skippedInterviews > 0
      ? ` ${plural(summary.skippedInterviews, 'interview')} already in your account ${summary.skippedInterviews === 1 ? 'was' : 'were'} skipped.`
      : ''
  return `Imported ${plural(summary.interviews, 'interview')}, ${plural(summary.interviewers, 'interviewer')}, ${plural(summary.questions, 'question')} and ${plural(summary.drafts, 'draft')}.${skipped}`
}

interface PageParts {
  error?: string
  document?: string
  progress?: { processed: number; total: number }
  flash?: Flash
}

const dataPages: FastifyPluginAsyncTypebox = async (app) => {
  const transfer = app.services.transfer
  const render = (reply: FastifyReply, parts: PageParts = {}, status = 200) =>
    reply.code(status).page('settings-data', {
      title: 'Export and import',
      error: parts.error,
      document: parts.document ?? '',
      progress: parts.progress,
      maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
      ...(parts.flash ? { flash: parts.flash } : {}),
    })

  /** A file of the account's data to save, named with today's date; no cache keeps it. */
  const download = (reply: FastifyReply, name: string, ext: keyof typeof DOWNLOAD_TYPES, body: string) => {
    const date = new Date(app.clock.now()).toISOString().slice(0, 10)
    return reply
      .type(DOWNLOAD_TYPES[ext])
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', `attachment; filename="debrief-${name}-${date}.${ext}"`)
      .send(body)
  }

  // The page follows the import it started (or any import running in the account): while it
  // runs the page shows its progress and asks the browser to reload; then it shows the outcome once.
  app.get('/settings/data', async (request, reply) => {
    const access = request.access!
    const jobId = request.session.get('importJobId') ?? transfer.runningJobId(access)
    const found = jobId === undefined ? undefined : transfer.job(access, jobId)
    if (!found?.ok) return render(reply)
    const job = found.value
    if (job.state === 'running') {
      reply.header('Refresh', String(REFRESH_SECONDS))
      return render(reply, { progress: { processed: job.processed, total: job.total } })
    }
    request.session.set('importJobId', undefined)
    if (job.state === 'failed') return render(reply, { error: job.error ?? 'Nothing was imported.' })
    return render(reply, { flash: { type: 'success', message: summaryMessage(job.summary!) } })
  })

  app.get('/settings/data/export.json', async (request, reply) => {
    const doc = transfer.exportDocument(request.access!)
    return download(reply, 'export', 'json', `${JSON.stringify(doc, null, 2)}\n`)
  })

  app.get('/settings/data/questions.csv', async (request, reply) => {
    const csv = transfer.questionsCsv(request.access!)
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return download(reply, 'questions', 'csv', `\uFEFF${csv}`)
  })

  app.post(
    '/settings/data/import',
    { schema: { body: ImportForm }, attachValidation: true, bodyLimit: IMPORT_FORM_BODY_LIMIT },
    async (request, reply) => {
      const text = formErrors(request) ? '' : request.body.document
      const echo = text.length <= ECHO_LIMIT ? text : ''
      if (text.trim() === '')
        return render(reply, { error: 'Choose an export file or paste its contents first.' }, 400)
      // A small file is done by the answer, and the next page shows its outcome straight away.
      const started = await transfer.importText(request.access!, text)
      if (!started.ok)
        return render(reply, { error: started.message, document: echo }, FAILURE_STATUS[started.error])
      request.session.set('importJobId', started.value.id)
      return reply.redirect('/settings/data')
    },
  )
}

export default dataPages
