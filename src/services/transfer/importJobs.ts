import type { FastifyBaseLogger } from 'fastify'
import type { Clock } from '../../clock.js'
import type { CoachReviewsTransferRepository } from '../../db/coachReviewsTransfer.js'
import { type Db, withoutFsync } from '../../db/connection.js'
import {
  type ImportJob,
  type ImportJobsRepository,
  type ImportSummary,
  importJobsRepository,
} from '../../db/importJobs.js'
import {
  type ImportStagingRepository,
  importStagingRepository,
  type StagedIds,
} from '../../db/importStaging.js'
import type { RemindersRepository } from '../../db/reminders.js'
import type { StudyNudgesRepository } from '../../db/studyNudges.js'
import type { StudyTransferRepository } from '../../db/studyTransfer.js'
import type { ExportDocument } from '../../domain/transfer.js'
import { turn } from './turns.js'

/** Interviews (or drafts) per transaction: a few milliseconds each, so other requests never wait long. */
export const IMPORT_BATCH_SIZE = 50
/** Stand-in interviews deleted per transaction when an import is discarded. */
const DISCARD_BATCH_SIZE = 500

export const INTERRUPTED_MESSAGE =
  'Nothing was imported: the server stopped before the import finished. Import the file again.'

export type StartResult = { ok: true; job: ImportJob } | { ok: false; runningJobId: number }

const emptySummary = (): ImportSummary => ({
  interviews: 0,
  interviewers: 0,
  questions: 0,
  asked: 0,
  askQuestions: 0,
  drafts: 0,
  skippedInterviews: 0,
})

/**
 * Runs imports as jobs: a checked document is written in short transactions under a stand-in
 * account, between which the event loop serves everyone else, then handed to the user in one
 * short transaction. A job cut short by a failure is discarded at once; one cut short by the
 * process stopping is discarded by recover() at the next start, so an import is all or nothing.
 */
export function importRunner(deps: {
  db: Db
  reminders: Pick<RemindersRepository, 'syncForUser' | 'saveSettings'>
  studyNudges: Pick<StudyNudgesRepository, 'saveSettings' | 'replan'>
  studyTransfer: Pick<StudyTransferRepository, 'stageCards'>
  coachReviewsTransfer: Pick<CoachReviewsTransferRepository, 'stageComments'>
  /** Whether reminders reach the user without e-mail (a subscribed browser or a webhook). */
  reachesBeyondEmail: (userId: number) => boolean
  clock: Clock
  log: FastifyBaseLogger
  batchSize?: number
}) {
  const { db, clock, log, reminders, studyNudges } = deps
  const batchSize = deps.batchSize ?? IMPORT_BATCH_SIZE
  const jobs: ImportJobsRepository = importJobsRepository(db)
  const staging: ImportStagingRepository = importStagingRepository(db)
  const active = new Map<number, Promise<void>>()
  let stopped = false
  const alive = () => !stopped && db.open
  // Staged rows (and their discarding) need not survive a power cut: what a crash leaves is
  // discarded anyway, so they are written withoutFsync. The hand-over commits with the
  // connection's own setting.

  const begin = db.transaction((userId: number, total: number, now: number) => {
    const running = jobs.runningId(userId)
    if (running !== undefined) return { running }
    const standIn = staging.createStandIn(now)
    return { id: jobs.create(userId, standIn, total, now), standIn }
  })
  const stageBatch = db.transaction(
    (
      userId: number,
      standIn: number,
      doc: ExportDocument,
      jobId: number,
      range: { from: number; to: number },
      ids: StagedIds,
      summary: ImportSummary,
    ) => {
      staging.stageInterviews(userId, standIn, doc, range, ids, summary)
      jobs.progress(jobId, range.to, clock.now())
    },
  )
  const finish = db.transaction(
    (userId: number, standIn: number, doc: ExportDocument, jobId: number, summary: ImportSummary) => {
      const now = clock.now()
      if (jobs.stagingUserId(jobId) !== standIn) throw new Error('the import was cancelled')
      // The profile and reminder settings come from the document; re-planning the user's open and
      // recent interviews then covers the imported ones too, so none is planned one by one.
      staging.importProfile(userId, doc, now)
      const { emailEnabled, ...settings } = doc.reminderSettings
      // Browsers and webhooks do not travel in an export: e-mail goes off only where another
      // channel on this account can reach the user; before version 4 the switch stays as it is.
      const email = emailEnabled === undefined ? undefined : emailEnabled || !deps.reachesBeyondEmail(userId)
      reminders.saveSettings(userId, { ...settings, leads: [...settings.leads], emailEnabled: email }, now)
      staging.handOver(userId, standIn)
      reminders.syncForUser(userId, now)
      // A version 1 document says nothing about the study reminder: the account's setting stays.
      if (doc.study) studyNudges.saveSettings(userId, { ...doc.study.reminder }, now)
      else studyNudges.replan(userId, now)
      jobs.succeed(jobId, summary, now)
    },
  )

  async function discard(standIn: number) {
    while (alive()) {
      if (withoutFsync(db, () => staging.discardSome(standIn, DISCARD_BATCH_SIZE))) return
      await turn()
    }
  }

  async function run(jobId: number, userId: number, standIn: number, doc: ExportDocument) {
    const summary = emptySummary()
    const ids: StagedIds = { bank: [], interviews: [], people: [], questions: [] }
    try {
      await turn()
      if (!alive()) return
      ids.bank = withoutFsync(db, () => staging.stageBank(userId, standIn, doc, summary, clock.now()))
      for (let from = 0; from < doc.interviews.length; from += batchSize) {
        await turn()
        if (!alive()) return
        const to = Math.min(from + batchSize, doc.interviews.length)
        withoutFsync(db, () => stageBatch(userId, standIn, doc, jobId, { from, to }, ids, summary))
      }
      for (let from = 0; from < doc.drafts.length; from += batchSize) {
        await turn()
        if (!alive()) return
        const to = Math.min(from + batchSize, doc.drafts.length)
        withoutFsync(db, () => staging.stageDrafts(standIn, doc.drafts, { from, to }, ids, summary))
      }
      const cards = doc.study?.cards.length ?? 0
      for (let from = 0; from < cards; from += batchSize) {
        await turn()
        if (!alive()) return
        const to = Math.min(from + batchSize, cards)
        // Cards of skipped interviews are skipped with them (the account keeps its own).
        withoutFsync(db, () =>
          deps.studyTransfer.stageCards(standIn, doc.study?.cards ?? [], { from, to }, ids.questions),
        )
      }
      await turn()
      if (!alive()) return
      withoutFsync(db, () => deps.coachReviewsTransfer.stageComments(standIn, doc, ids))
      await turn()
      if (!alive()) return
      finish(userId, standIn, doc, jobId, summary)
    } catch (error) {
      if (!alive()) return
      // The checks before the job should make this unreachable; if the database still refuses a
      // row, the user learns why and nothing of the file stays behind.
      log.warn({ err: error, importJob: jobId }, 'import refused by the database')
      const reason = (error as Error).message
      jobs.fail(jobId, `Nothing was imported: the database refused the file (${reason}).`, clock.now())
      await discard(standIn)
    }
  }

  return {
    /** Starts importing a checked document into the account; one import at a time per account. */
    start(userId: number, doc: ExportDocument): StartResult {
      const begun = begin(userId, doc.interviews.length, clock.now())
      if ('running' in begun) return { ok: false, runningJobId: begun.running as number }
      const { id, standIn } = begun
      const done = run(id, userId, standIn, doc).finally(() => active.delete(id))
      active.set(id, done)
      return { ok: true, job: jobs.get(userId, id)! }
    },

    get: (userId: number, id: number) => jobs.get(userId, id),
    runningId: (userId: number) => jobs.runningId(userId),

    /** Resolves when the job has finished or after `ms`, whichever comes first. */
    async settle(id: number, ms: number): Promise<void> {
      const done = active.get(id)
      if (!done) return
      let timer: NodeJS.Timeout | undefined
      await Promise.race([done, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))])
      clearTimeout(timer)
    },

    /** At start-up: fails imports a stopped process left running and deletes their staged rows. */
    recover(): number {
      const leftovers = jobs.leftovers()
      for (const job of leftovers) {
        if (job.running) jobs.fail(job.id, INTERRUPTED_MESSAGE, clock.now())
        if (job.stagingUserId !== null)
          while (!staging.discardSome(job.stagingUserId, DISCARD_BATCH_SIZE)) {
            // Bounded: every round deletes DISCARD_BATCH_SIZE interviews.
          }
      }
      return leftovers.length
    },

    /** Stops between two transactions; what was staged is discarded at the next start. */
    async stop(): Promise<void> {
      stopped = true
      await Promise.all(active.values())
    },
  }
}

export type ImportRunner = ReturnType<typeof importRunner>
