import type { ChildProcess } from 'node:child_process'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach } from 'vitest'
import { type Cleanup, tempDir } from './app.js'
import { SmtpPeer } from './smtp.js'
import { killRunning } from './startCommand.js'

/**
 * The server processes a test starts and the steps that undo the rest of what it started, all undone after
 * each test: the processes killed first (they hold the files and peers), then the steps, last-added first.
 */
export function serverProcessesAfterEach() {
  const children = new Set<ChildProcess>()
  const cleanups: Cleanup[] = []
  afterEach(async () => {
    killRunning(children)
    while (cleanups.length > 0) await cleanups.pop()!()
  })
  return {
    children,
    cleanups,
    /** An SMTP peer on 127.0.0.1 and a data directory of their own: the directory outlives everything else. */
    async peerAndDataDir() {
      const peer = await new SmtpPeer().start()
      cleanups.push(() => peer.stop())
      const dataDir = tempDir()
      cleanups.unshift(() => rmSync(dataDir, { recursive: true, force: true }))
      return { peer, dataDir }
    },
    /** The data directory's database, opened read-only to watch what the servers write. */
    watch(dataDir: string) {
      const db = new Database(join(dataDir, 'debrief.sqlite'), { readonly: true, fileMustExist: true })
      cleanups.push(() => {
        db.close()
      })
      return db
    },
  }
}
