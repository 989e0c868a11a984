import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyReply } from 'fastify'
import { Type } from 'typebox'
import { questionsCsv } from '../../domain/csv.js'
import { MAX_IMPORT_BYTES, parseImport, problemMessage } from '../../domain/transfer.js'
import { formErrors } from './forms.js'

const ImportForm = Type.Object({
  document: Type.String(),
  _csrf: Type.Optional(Type.String()),
})

/** A pasted document is shown again after an error only up to this size; beyond, re-choosing the file is easier. */
const ECHO_LIMIT = 200 * 1024

// A form post percent-encodes most JSON punctuation, so the body can be about three times the file.
export const IMPORT_FORM_BODY_LIMIT = 3 * MAX_IMPORT_BYTES + 64 * 1024

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

const dataPages: FastifyPluginAsyncTypebox = async (app) => {
  const render = (reply: FastifyReply, parts: { error?: string; document?: string } = {}, status = 200) =>
    reply.code(status).page('settings-data', {
      title: 'Export and import',
      error: parts.error,
      document: parts.document ?? '',
      maxMegabytes: MAX_IMPORT_BYTES / 1024 / 1024,
    })

  const stamp = () => new Date(app.clock.now()).toISOString().slice(0, 10)

  app.get('/settings/data', async (_request, reply) => render(reply))

  app.get('/settings/data/export.json', async (request, reply) => {
    const doc = app.repos.dataTransfer.exportDocument(request.user!.id, app.clock.now())
    return reply
      .type('application/json; charset=utf-8')
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', `attachment; filename="debrief-export-${stamp()}.json"`)
      .send(`${JSON.stringify(doc, null, 2)}\n`)
  })

  app.get('/settings/data/questions.csv', async (request, reply) => {
    const csv = questionsCsv(app.repos.dataTransfer.questionCsvRows(request.user!.id))
    // The byte-order mark makes spreadsheet programs read the file as UTF-8.
    return reply
      .type('text/csv; charset=utf-8; header=present')
      .header('Cache-Control', 'private, no-store')
      .header('Content-Disposition', `attachment; filename="debrief-questions-${stamp()}.csv"`)
      .send(`\uFEFF${csv}`)
  })

  app.post(
    '/settings/data/import',
    { schema: { body: ImportForm }, attachValidation: true, bodyLimit: IMPORT_FORM_BODY_LIMIT },
    async (request, reply) => {
      const text = formErrors(request) ? '' : request.body.document
      const echo = text.length <= ECHO_LIMIT ? text : ''
      if (text.trim() === '')
        return render(reply, { error: 'Choose an export file or paste its contents first.' }, 400)
      const parsed = parseImport(text)
      if (!parsed.ok)
        return render(
          reply,
          { error: `Nothing was imported: ${problemMessage(parsed.problem)}`, document: echo },
          400,
        )
      let summary: ReturnType<typeof app.repos.dataTransfer.importDocument>
      try {
        summary = app.repos.dataTransfer.importDocument(request.user!.id, parsed.document, app.clock.now())
      } catch (error) {
        // The checks above should make this unreachable; if the database still refuses a row,
        // the transaction has rolled back and the user learns why instead of seeing a 500.
        request.log.warn({ err: error }, 'import refused by the database')
        return render(
          reply,
          {
            error: `Nothing was imported: the database refused the file (${(error as Error).message}).`,
            document: echo,
          },
          400,
        )
      }
      const skipped =
        summary.skippedInterviews > 0
          ? ` ${plural(summary.skippedInterviews, 'interview')} already in your account ${summary.skippedInterviews === 1 ? 'was' : 'were'} skipped.`
          : ''
      request.session.set('flash', {
        type: 'success',
        message: `Imported ${plural(summary.interviews, 'interview')}, ${plural(summary.interviewers, 'interviewer')}, ${plural(summary.questions, 'question')} and ${plural(summary.drafts, 'draft')}.${skipped}`,
      })
      return reply.redirect('/settings/data')
    },
  )
}

export default dataPages
