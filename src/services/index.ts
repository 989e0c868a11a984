import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import { coachDigestService } from './coachDigest.js'
import { coachReviewService, type DraftsForReview } from './coachReviews.js'

export interface ServiceDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Config
  drafts: DraftsForReview
}

/** Every feature's service, built once and shared by pages, API and CLI. */
export function buildServices(deps: ServiceDeps) {
  return {
    coachReviews: coachReviewService(deps),
    coachDigest: coachDigestService(deps),
  }
}

export type Services = ReturnType<typeof buildServices>
