import fp from 'fastify-plugin'
import { type StudyService, studyService } from '../services/study.js'

declare module 'fastify' {
  interface FastifyInstance {
    study: StudyService
  }
}

/** The study service, shared by the study pages, the API and the nav's due count. */
export default fp(
  async (app) => {
    app.decorate('study', studyService(app.db, app.repos.studyCards, app.clock, app.repos.studyPrep))
  },
  { name: 'study', dependencies: ['db', 'config'] },
)
