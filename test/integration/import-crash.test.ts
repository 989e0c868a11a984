import { type ChildProcess, execFile } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { INTERRUPTED_MESSAGE } from '../../src/services/transfer/importJobs.js'
import { tempDir } from '../helpers/app.js'
import { bigExport } from '../helpers/bigExport.js'
import { exited, listening, spawnServer, startCommand } from '../helpers/startCommand.js'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The bundled CLI, as an operator runs it; resolves with its standard output. */
function cli(dataDir: string, args: string[], input = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.execPath,
      [join(startCommand().script, '..', 'cli.js'), ...args],
      { env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, timeout: 30_000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    )
    child.stdin?.end(input)
  })
}

/** Debrief started the way `npm start` starts it; resolves once it listens. */
async function startServer(dataDir: string) {
  const server = spawnServer({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' })
  return { ...server, url: await listening(server), exited: exited(server.child) }
}

interface JobJson {
  url: string
  state: string
  processed: number
  imported: Record<string, number> | null
  error: string | null
}

describe('an import cut short by SIGKILL', () => {
  const children: ChildProcess[] = []
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  })

  it('leaves nothing imported, an intact database and a server that imports again', async () => {
    const dataDir = tempDir()
    await cli(
      dataDir,
      ['user', 'create', '--email', 'kim@example.com', '--name', 'Kim'],
      'a long enough password\n',
    )
    const token = (
      await cli(dataDir, ['token', 'create', '--email', 'kim@example.com', '--name', 'import'])
    ).trim()
    const auth = { authorization: `Bearer ${token}` }
    const post = (url: string, doc: unknown) =>
      fetch(`${url}/api/v1/import`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(doc),
      })

    const first = await startServer(dataDir)
    children.push(first.child)
    const answer = post(first.url, bigExport(8000)).catch((error: Error) => error)

    // Watch the job through the database file, and kill the server while rows are being staged.
    const watcher = new Database(join(dataDir, 'debrief.sqlite'), { fileMustExist: true })
    const progress = watcher.prepare(
      `SELECT j.id, j.state, j.processed, j.total, (SELECT count(*) FROM interviews) AS staged
       FROM import_jobs j ORDER BY j.id DESC LIMIT 1`,
    )
    let seen: { id: number; state: string; processed: number; total: number; staged: number } | undefined
    for (let i = 0; i < 3000; i++) {
      seen = progress.get() as typeof seen
      if (seen && seen.state === 'running' && seen.processed > 0) break
      await sleep(5)
    }
    first.child.kill('SIGKILL')
    await first.exited
    await answer
    expect(seen).toMatchObject({ state: 'running', total: 8000 })
    expect(seen!.processed).toBeGreaterThan(0)
    expect(seen!.processed).toBeLessThan(8000)
    // Rows were written, under the stand-in account, when the process died.
    expect(seen!.staged).toBeGreaterThan(0)
    watcher.close()

    const second = await startServer(dataDir)
    children.push(second.child)
    const job = (await (
      await fetch(`${second.url}/api/v1/imports/${seen!.id}`, { headers: auth })
    ).json()) as JobJson
    expect(job).toMatchObject({ state: 'failed', imported: null, error: INTERRUPTED_MESSAGE })
    const interviews = await fetch(`${second.url}/api/v1/interviews`, { headers: auth })
    expect(await interviews.json()).toMatchObject({ items: [], total: 0 })

    const db = new Database(join(dataDir, 'debrief.sqlite'), { fileMustExist: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    // The stand-in account and everything staged under it were deleted at start-up.
    expect(db.prepare('SELECT count(*) FROM interviews').pluck().get()).toBe(0)
    expect(db.prepare('SELECT count(*) FROM users').pluck().get()).toBe(1)

    const again = await post(second.url, bigExport(40, 'Again Co'))
    expect(again.status).toBe(202)
    let retry = (await again.json()) as JobJson
    for (let i = 0; i < 200 && retry.state === 'running'; i++) {
      await sleep(50)
      retry = (await (await fetch(`${second.url}${retry.url}`, { headers: auth })).json()) as JobJson
    }
    expect(retry).toMatchObject({ state: 'done', imported: { interviews: 40 } })
    expect(db.prepare('SELECT count(*) FROM interviews').pluck().get()).toBe(40)
    db.close()
    second.child.kill('SIGTERM')
    await second.exited
    expect(second.output()).toContain('discarded imports interrupted by a restart')
  }, 120_000)
})
