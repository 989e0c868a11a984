import type { Clock } from '../../clock.js'
import type { Config } from '../../config.js'
import type { Db } from '../../db/connection.js'
import type { Repositories } from '../../db/index.js'
import type { Mailer } from '../../mail/index.js'

export interface CoachDeps {
  db: Db
  repos: Repositories
  clock: Clock
  config: Pick<Config, 'baseUrl'>
  mailer: Pick<Mailer, 'kind' | 'send'>
}
