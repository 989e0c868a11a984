import fp from 'fastify-plugin'
import { reachesBeyondEmail } from '../domain/reminderReach.js'
import { type ImportRunner, importRunner } from '../services/transfer/importJobs.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Import jobs: start one, read its progress. */
    imports: ImportRunner
  }
  interface Session {
    /** The import started from the import page, until the page has shown its outcome. */
    importJobId?: number
  }
}

export default fp(
  async (app) => {
    const imports = importRunner({
      db: app.db,
      reminders: app.repos.reminders,
      studyNudges: app.repos.studyNudges,
      studyTransfer: app.repos.studyTransfer,
      coachReviewsTransfer: app.repos.coachReviewsTransfer,
      reachesBeyondEmail: (userId) => reachesBeyondEmail(app.repos.reminders.reach(userId)),
      clock: app.clock,
      log: app.log,
    })
    // Before the server takes requests, so no one ever sees what an interrupted import left.
    const recovered = imports.recover()
    if (recovered > 0) app.log.warn({ importJobs: recovered }, 'discarded imports interrupted by a restart')
    app.decorate('imports', imports)
    app.addHook('preClose', async () => imports.stop())
  },
  { name: 'imports', dependencies: ['db', 'config'] },
)
