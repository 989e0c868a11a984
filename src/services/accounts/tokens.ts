import { generateToken, hashToken } from '../../auth/tokens.js'
import type { ApiToken } from '../../db/apiTokens.js'
import type { User } from '../../db/users.js'
import { type AccessContext, READ_ONLY_MESSAGE } from '../access.js'
import type { ServiceDeps } from '../deps.js'
import { forbidden, notFound, ok, type ServiceResult } from '../result.js'

export const NO_TOKEN = 'You have no such API token: it does not exist or was already revoked.'

/** API tokens of the account: only their owner creates or revokes them. */
export function tokenActions(deps: Pick<ServiceDeps, 'repos' | 'clock'>) {
  const { repos, clock } = deps
  return {
    /**
     * Whose an API token is: the account, or undefined for a token that is unknown or revoked.
     * Its last use is noted (to the minute). Before any access context: this is how the API finds one.
     */
    tokenUser(token: string): User | undefined {
      const userId = repos.apiTokens.authenticate(hashToken(token), clock.now())
      return userId === undefined ? undefined : repos.users.findById(userId)
    },

    listTokens: (access: AccessContext): ApiToken[] => repos.apiTokens.listActive(access.ownerId),

    /** The new token's secret is in the answer only: it is stored as a hash and shown once. */
    createToken(access: AccessContext, name: string): ServiceResult<{ token: string; info: ApiToken }> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      const token = generateToken()
      const info = repos.apiTokens.create(
        access.ownerId,
        name,
        hashToken(token),
        token.slice(0, 8),
        clock.now(),
      )
      return ok({ token, info })
    },

    /** Another user's token id gets the same answer as one that never existed. */
    revokeToken(access: AccessContext, id: number): ServiceResult<void> {
      if (!access.mayWrite) return forbidden(READ_ONLY_MESSAGE)
      return repos.apiTokens.revoke(access.ownerId, id, clock.now()) ? ok(undefined) : notFound(NO_TOKEN)
    },
  }
}
