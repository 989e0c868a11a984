import type { Clock } from '../../clock.js'
import type { ImportJob } from '../../db/importJobs.js'
import type { Repositories } from '../../db/index.js'
import { questionsCsv } from '../../domain/csv.js'
import { checkImportSteps, parseImportSteps, problemMessage } from '../../domain/importCheck.js'
import type { ExportDocument, Parsed } from '../../domain/transfer.js'
import { type AccessContext, READ_ONLY_MESSAGE } from '../access.js'
import {
  conflict,
  forbidden,
  invalid,
  notFound,
  ok,
  type ServiceFailure,
  type ServiceResult,
} from '../result.js'
import type { ImportRunner } from './importJobs.js'
import { runInTurns } from './turns.js'

/** How long starting an import waits for its job before answering: a small file is done by then. */
const SETTLE_MS = 1000

/** A refused import; `runningJobId` names the import that is still running. */
export type ImportFailure = ServiceFailure & { runningJobId?: number }

export const IMPORT_RUNNING =
  'Nothing was imported: another import into this account is still running. Try again when it has finished.'
const NO_IMPORT = 'No such import in this account.'

/** What export and import are built from; the import jobs are the imports plugin's (src/plugins/imports.ts). */
export interface TransferDeps {
  repos: Repositories
  clock: Clock
  imports: ImportRunner
}

/**
 * Export and import of one account's data, for whoever acts: everyone with access reads (exports),
 * only the owner imports. An import is checked first (in steps, so a large file never holds the
 * server), then runs as a job that makes all of it visible at once or none of it.
 */
export function transferService(deps: TransferDeps) {
  const { repos, clock, imports } = deps

  async function start(
    access: AccessContext,
    check: () => Promise<Parsed>,
  ): Promise<ServiceResult<ImportJob> | ImportFailure> {
    if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
    const checked = await check()
    if (!checked.ok) {
      const { problem } = checked
      return invalid({ [problem.path]: problem.message }, `Nothing was imported: ${problemMessage(problem)}`)
    }
    const started = imports.start(access.ownerId, checked.document)
    if (!started.ok) return { ...conflict(IMPORT_RUNNING), runningJobId: started.runningJobId }
    await imports.settle(started.job.id, SETTLE_MS)
    return ok(imports.get(access.ownerId, started.job.id) ?? started.job)
  }

  return {
    /** Everything the account owns as one versioned document. */
    exportDocument(access: AccessContext): ExportDocument {
      const userId = access.ownerId
      const { document, questionPosition, position, personPosition } = repos.dataTransfer.exportDocument(
        userId,
        clock.now(),
      )
      const settings = repos.reminders.settings(userId)
      return {
        ...document,
        reminderSettings: {
          leads: [...settings.leads],
          researchEnabled: settings.researchEnabled,
          overdueEnabled: settings.overdueEnabled,
          quietHours: settings.quietHours ? { ...settings.quietHours } : null,
          email: settings.email,
          emailEnabled: settings.emailEnabled !== false,
        },
        study: repos.studyTransfer.exportStudy(userId, questionPosition),
        coachComments: repos.coachReviewsTransfer.exportComments(
          userId,
          position,
          personPosition,
          questionPosition,
        ),
      }
    },

    /** Every question with its interview, as CSV text. */
    questionsCsv(access: AccessContext): string {
      return questionsCsv(repos.dataTransfer.questionCsvRows(access.ownerId))
    },

    /** Imports the text of an uploaded or pasted export file. */
    importText: (access: AccessContext, text: string) =>
      start(access, () => runInTurns(parseImportSteps(text))),

    /** Imports a parsed document (an API body). */
    importValue: (access: AccessContext, value: unknown) =>
      start(access, () => runInTurns(checkImportSteps(value))),

    job(access: AccessContext, id: number): ServiceResult<ImportJob> {
      const job = imports.get(access.ownerId, id)
      return job ? ok(job) : notFound(NO_IMPORT)
    },

    /** The import running in the account, if any. */
    runningJobId: (access: AccessContext): number | undefined => imports.runningId(access.ownerId),
  }
}

export type TransferService = ReturnType<typeof transferService>
