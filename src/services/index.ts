import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'
import { reminderService } from './reminders.js'

export interface ServiceDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Config
}

/** Every feature's service, built once and shared by pages, API and CLI. */
export function buildServices(deps: ServiceDeps) {
  return {
    reminders: reminderService(deps),
  }
}

export type Services = ReturnType<typeof buildServices>
