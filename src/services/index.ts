import { accountsService } from './accounts/index.js'
import type { ServiceDeps } from './deps.js'
import { draftsFrom } from './drafts/index.js'
import { transferService } from './transfer/index.js'

export type { ServiceDeps } from './deps.js'

/** Every feature's service, built once; pages, the API and the CLI call these. */
export function buildServices(deps: ServiceDeps) {
  return {
    drafts: draftsFrom(deps),
    accounts: accountsService(deps),
    transfer: transferService(deps),
  }
}

export type Services = ReturnType<typeof buildServices>
