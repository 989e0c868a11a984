import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, tempDir } from '../helpers/app.js'
import { cli } from '../helpers/cli.js'
import { inviteCoach, linkCoach, member, startViewing } from '../helpers/coach.js'

// Each command is its own Node process: on a busy machine a handful of them outlast the default timeout.
const CLI_TEST_TIMEOUT_MS = 120_000

describe('admin CLI and coach access', () => {
  let close: (() => Promise<void>) | undefined
  afterEach(async () => close?.())

  async function setup() {
    const dataDir = tempDir()
    const ctx = await createTestApp({ dataDir, env: { SIGNUP: 'open' } })
    close = ctx.close
    const nia = await member(ctx.app, 'nia@example.com', 'Nia')
    const casey = await member(ctx.app, 'casey@example.com', 'Casey')
    const dana = await member(ctx.app, 'dana@example.com', 'Dana')
    const niaId = await linkCoach(ctx.app, nia, casey)
    await linkCoach(ctx.app, nia, dana)
    await linkCoach(ctx.app, dana, casey)
    const count = (sql: string, ...params: unknown[]) =>
      ctx.app.db
        .prepare(sql)
        .pluck()
        .get(...params) as number
    return { ...ctx, dataDir, nia: nia.agent, casey: casey.agent, dana: dana.agent, niaId, count }
  }

  it(
    'lists coach links and revokes one, effective on the coach’s next request',
    async () => {
      const t = await setup()
      const listed = await cli(t.dataDir, ['coach', 'list'])
      expect(listed.code).toBe(0)
      const lines = listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(1, 3))
      expect(lines).toEqual([
        ['nia@example.com', 'casey@example.com'],
        ['nia@example.com', 'dana@example.com'],
        ['dana@example.com', 'casey@example.com'],
      ])
      await startViewing(t.casey, t.niaId)
      expect((await t.casey.get('/interviews')).statusCode).toBe(200)

      const revokeCasey = () =>
        cli(t.dataDir, ['coach', 'revoke', '--candidate', 'nia@example.com', '--coach', 'casey@example.com'])
      const revoked = await revokeCasey()
      expect(revoked.code).toBe(0)
      expect(revoked.stdout).toContain('casey@example.com no longer has access to nia@example.com')
      const refused = await t.casey.get('/interviews')
      expect(refused.statusCode).toBe(403)
      expect(refused.body).toContain('no longer shared with you')
      expect((await cli(t.dataDir, ['coach', 'list'])).stdout.trim().split('\n')).toHaveLength(2)

      const again = await revokeCasey()
      expect(again.code).toBe(2)
      expect(again.stderr).toContain('has no access')
    },
    CLI_TEST_TIMEOUT_MS,
  )

  it(
    'user delete needs --yes, then removes the account and every coach access to or from it',
    async () => {
      const t = await setup()
      await inviteCoach(t.dana, 'someone@example.com')
      const unconfirmed = await cli(t.dataDir, ['user', 'delete', '--email', 'dana@example.com'])
      expect(unconfirmed.code).toBe(2)
      expect(unconfirmed.stderr).toContain('--yes')
      expect(t.count("SELECT count(*) FROM users WHERE email = 'dana@example.com'")).toBe(1)

      const deleted = await cli(t.dataDir, ['user', 'delete', '--email', 'dana@example.com', '--yes'])
      expect(deleted.code).toBe(0)
      expect(t.count("SELECT count(*) FROM users WHERE email = 'dana@example.com'")).toBe(0)
      // Dana as a coach (of Nia) and as a candidate (of Casey): both links are gone, and her invitation.
      expect((await cli(t.dataDir, ['coach', 'list'])).stdout.trim().split('\n')).toHaveLength(1)
      expect(t.count('SELECT count(*) FROM coach_invitations WHERE email = ?', 'someone@example.com')).toBe(0)
      const caseload = await t.casey.get('/coach')
      expect(caseload.body).not.toContain('View Dana’s debrief')
      expect(caseload.body).toContain('View Nia’s debrief')
      expect((await t.nia.get('/settings/coach')).body).not.toContain('dana@example.com')
    },
    CLI_TEST_TIMEOUT_MS,
  )
})
