import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import type { Mailer } from '../mail/index.js'
import { coachService } from './coach/index.js'

export interface ServiceDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Config
  mailer: Mailer
}

/** Every feature's service, built once per app; each method takes the request's access first. */
export function buildServices(deps: ServiceDeps) {
  return {
    coach: coachService(deps),
  }
}

export type Services = ReturnType<typeof buildServices>
