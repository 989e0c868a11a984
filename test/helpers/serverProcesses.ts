import type { ChildProcess } from 'node:child_process'
import { afterEach } from 'vitest'
import type { Cleanup } from './app.js'
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
  return { children, cleanups }
}
