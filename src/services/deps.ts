import type { Clock } from '../clock.js'
import type { Config } from '../config.js'
import type { Db } from '../db/connection.js'
import type { Repositories } from '../db/index.js'

/** What services are built from, once per app. */
export interface ServiceDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Pick<Config, 'baseUrl'>
}
